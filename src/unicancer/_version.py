"""The package version (the data version is `unicancer.charter.version`)."""

__version__ = "0.1.0"
