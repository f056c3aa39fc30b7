"""What every command of the command line shares: exit statuses, output, signals, errors.

`run` runs a command so that it never ends in a traceback: bad input is a one-line error
(status 2), Ctrl-C (SIGINT) and SIGTERM stop it with status 130 and 143, and a closed
pipe ends it quietly with status 141. Its output goes through `Output`, which writes
each piece at once: a signal arriving during a write takes effect once it is done, so
no partial line is ever written.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

from ._errors import UnicancerError
from ._pool import STOPPING

__all__ = [
    "BAD_INPUT",
    "BROKEN_PIPE",
    "NOTHING_FOUND",
    "Interrupted",
    "Output",
    "OutputError",
    "error_lines",
    "run",
]

#: The exit status of a search that finds nothing.
NOTHING_FOUND = 1
#: The exit status of bad input (argparse's own for usage errors).
BAD_INPUT = 2
#: The exit status when standard output is a pipe closed early (``| head``): 128 + SIGPIPE,
#: what a shell reports for a program that SIGPIPE ends.
BROKEN_PIPE = 128 + 13
#: At most this many problems of an error are listed; a count stands for the rest.
MAX_PROBLEMS = 10
#: An error line longer than this is cut short.
MAX_LINE = 500


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: the command stops with status 128 + *signum*."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class OutputError(Exception):
    """Standard output, or the file of ``--output``, cannot be written."""


class _Signals:
    """Turns SIGINT and SIGTERM into `Interrupted`, except while `Output` writes."""

    def __init__(self) -> None:
        self.writing = False
        self.received: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.writing and self.received is None:
            self.received = signum  # raised when the write is done
            return
        # Kept too: an exception raised in a `__del__` that the collector runs is lost,
        # so `Output` and `run` look again. A second signal does not wait for a write.
        self.received = signum
        raise Interrupted(signum)

    def check(self) -> None:
        signum, self.received = self.received, None
        if signum is not None:
            raise Interrupted(signum)

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # only the main thread may set handlers: the defaults stay
            return
        previous = {s: signal.signal(s, self.handle) for s in STOPPING}
        hook = sys.unraisablehook
        sys.unraisablehook = functools.partial(_unraisable, hook)
        try:
            yield
        finally:
            sys.unraisablehook = hook
            for number, handler in previous.items():
                signal.signal(number, handler)
            self.received = None


def _unraisable(
    hook: Callable[[sys.UnraisableHookArgs], object], unraisable: sys.UnraisableHookArgs
) -> None:
    """An `Interrupted` raised where Python cannot raise it (a weakref callback, a
    ``__del__``) is not reported: `_Signals` kept it, and raises it again later."""
    if not isinstance(unraisable.exc_value, Interrupted):
        hook(unraisable)


_signals = _Signals()


def check_signals() -> None:
    """Raise `Interrupted` for a signal received and not raised yet: one whose exception
    was lost in a ``__del__`` or weakref callback. What waits (for workers' results, say)
    calls it between short waits, so that such a signal still stops the command."""
    _signals.check()


class Output:
    """Standard output, written a piece at a time, each at once and flushed.

    Errors: `BrokenPipeError` as it is (the reader is gone), any other failure to
    write (a full disk, a closed output, a character the encoding lacks) as an
    `OutputError` naming the cause.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> None:
        """Write *text* and flush it; a signal received meanwhile is raised once it is out."""
        with self._writing() as stream:
            stream.write(text)
            stream.flush()

    def line(self, text: str) -> None:
        """Write *text* and an end of line, at once."""
        self.write(text + "\n")

    def write_bytes(self, data: bytes) -> None:
        """Write *data* as it is (CSV's CRLF line ends reach the output untouched)."""
        with self._writing() as stream:
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()

    @contextmanager
    def _writing(self) -> Iterator[TextIO]:
        if self._stream is None:
            raise OutputError("cannot write to standard output: it is closed")
        _signals.check()
        _signals.writing = True
        try:
            yield self._stream
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write to standard output: {exc.strerror}") from None
        except UnicodeEncodeError as exc:
            character = exc.object[exc.start : exc.start + 1]
            raise OutputError(
                f"cannot write to standard output: {exc.encoding} cannot encode {character!r} "
                f"(PYTHONIOENCODING={exc.encoding}:backslashreplace writes it escaped)"
            ) from None
        finally:
            _signals.writing = False
        _signals.check()


def error_lines(prog: str, message: str) -> str:
    """*message* as the error of *prog*: its list of problems capped, each line cut short."""
    lines = message.split("\n")
    if len(lines) > MAX_PROBLEMS + 1:
        more = len(lines) - 1 - MAX_PROBLEMS
        lines = [*lines[: MAX_PROBLEMS + 1], f"  ... and {more} more"]
    lines = [
        line if len(line) <= MAX_LINE else f"{line[:MAX_LINE]}... ({len(line):,} characters)"
        for line in lines
    ]
    return f"{prog}: error: " + "\n".join(lines) + "\n"


def _say(text: str) -> None:
    if sys.stderr is not None:
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # nowhere left to say it: the status tells


def _silence_stdout() -> None:
    """Point the standard output's descriptor at the null device.

    What the interpreter still holds for it is flushed there at exit, instead of
    failing again with an "Exception ignored" message and status 120.
    """
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing will be flushed at exit
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fileno)
    finally:
        os.close(null)


def run(prog: str, command: Callable[[Output], int | None]) -> int:
    """Run *command* on standard output; return its exit status, whatever happens."""
    try:
        with _signals.installed():
            try:
                status = command(Output(sys.stdout)) or 0
                _signals.check()
                return status
            except SystemExit as exc:  # argparse's: usage errors, --help, --version
                if exc.code == 0:
                    Output(sys.stdout).write("")  # what it printed, flushed: errors are ours
                raise
    except Interrupted as exc:
        return 128 + exc.signum
    except KeyboardInterrupt:  # SIGINT outside the main thread's handler
        return 128 + signal.SIGINT
    except BrokenPipeError:  # e.g. `unicancer tag big.txt | head -1`
        _silence_stdout()
        return BROKEN_PIPE
    except OutputError as exc:
        _silence_stdout()
        _say(error_lines(prog, str(exc)))
        return BAD_INPUT
    except UnicancerError as exc:
        _say(error_lines(prog, str(exc)))
        return BAD_INPUT
    except OSError as exc:  # the system refused: too many open files, processes, ...
        reason = exc.strerror or str(exc)
        _say(error_lines(prog, reason if exc.filename is None else f"{exc.filename}: {reason}"))
        return BAD_INPUT
