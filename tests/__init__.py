"""The unicancer test suite."""
