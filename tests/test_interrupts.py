"""Ctrl-C, SIGTERM and errors stop tagging in worker processes at once, leaving none behind.

Real signals, sent to the process group of a real process as a terminal sends Ctrl-C,
once its workers are at work; repeated (`REPEATS` times a case under the ``ci``
hypothesis profile) because what goes wrong here goes wrong some of the time: the
parent used to hang on a lock that a worker, killed by the same Ctrl-C, held.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import multiprocessing.pool
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path

import attrs
import pytest

import unicancer
from tests import interrupted, workers
from tests.paths import ROOT
from unicancer import InvalidTypeError, NotFoundError
from unicancer._parallel import finish_in_pool

#: Rounds of each case: many under CI, a few while developing.
REPEATS = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 3
#: The time a signal is given to stop everything, the issue's promise.
STOP_WITHIN = 2.0
#: The time a process is given to load the tagger and start tagging, on a busy machine.
START_WITHIN = 120.0
#: What the rounds end with, per signal: 128 + the signal's number.
STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads the processes of a group in /proc"
)

_SENTENCES = (
    "les patients partenaires siègent au comité et la qualité des soins progresse; "
    "the research teams share their results while training continues for nurses; "
    "un benchmarking des centres compare les indicateurs; innovation, ethics, care"
)
_WORDS = _SENTENCES.split(" ")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Paragraphs enough (56 MB) to keep 2 workers busy for over a second, however fast
    tagging gets: a signal sent up to 0.1 s after the first record must find them at work
    (at 28 MB, a round of `tag_many` once ended before it, on 2026-12-03)."""
    rng = random.Random(11)
    paragraphs = (" ".join(rng.choices(_WORDS, k=40)) for _ in range(200_000))
    path = tmp_path_factory.mktemp("interrupts") / "big.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def _buffered() -> dict[str, str]:
    """The environment, without ``PYTHONUNBUFFERED``: the standard output of a process
    buffered, as its users run it (a worker forked from a parent with unwritten output
    wrote it again, which an unbuffered output hid)."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


class Started:
    """A process in a session (and process group) of its own, its output read line by line."""

    def __init__(self, argv: list[str]) -> None:
        self.process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=_buffered(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self._lines: queue.Queue[bytes] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        #: Standard error so far, read all along: what a failed round's message shows.
        self.errors: list[bytes] = []
        self._error_reader = threading.Thread(target=self._read_errors, daemon=True)
        self._error_reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:  # read all along: a full pipe would stall it
            self._lines.put(line)
        self._lines.put(b"")

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line)

    def line(self, timeout: float) -> bytes:
        """The next line of standard output (``b""`` at its end)."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            os.kill(self.process.pid, signal.SIGUSR1)  # tests.interrupted: its threads' stacks
            time.sleep(1)
            os.killpg(self.process.pid, signal.SIGKILL)
            self._error_reader.join(STOP_WITHIN)
            stacks = b"".join(self.errors).decode(errors="replace")
            pytest.fail(f"no output for {timeout} s; where it waited:\n{stacks}")

    def signal(self, number: int) -> float:
        """Send signal *number* to the whole group; return when, for `time.monotonic`."""
        sent = time.monotonic()
        os.killpg(self.process.pid, number)
        return sent

    def end(self, timeout: float) -> tuple[int, bytes]:
        """The exit status and standard error, once the process and its group are gone."""
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {timeout} s after the signal")
        deadline = time.monotonic() + timeout
        while interrupted.group(self.process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert interrupted.group(self.process.pid) == [], "processes left in the group"
        self._error_reader.join(timeout)
        return status, b"".join(self.errors)

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None or interrupted.group(self.process.pid):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def _is_end(line: bytes) -> bool:
    return line.startswith(b'{"round"')


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("mode", ["cli", "api"])
def test_a_signal_stops_tagging_in_workers_within_2_s(
    mode: str, number: signal.Signals, big: Path
) -> None:
    """Each round: the status of an interrupt, whole lines only, no process left."""
    argv = [sys.executable, "-m", "tests.interrupted", mode, str(big), str(REPEATS)]
    rng = random.Random(f"{mode}{number}")
    with Started(argv) as started:
        for round in range(REPEATS):
            first = started.line(START_WITHIN)
            assert first, "the process ended"
            assert not _is_end(first), first  # a record: the workers are at work
            time.sleep(rng.uniform(0, 0.1))  # somewhere in the work: reading, waiting, writing
            sent = started.signal(number)
            after = 0
            while not _is_end(line := started.line(STOP_WITHIN + 10)):
                assert line.endswith(b"\n"), line
                json.loads(line)  # a whole record (a partial one would merge with the next)
                after += 1
            stopped = time.monotonic() - sent
            assert json.loads(line) == {"round": round, "status": STATUS[number], "children": []}, (
                f"{after} records after the signal, stopped in {stopped:.2f} s; standard error: "
                f"{b''.join(started.errors).decode(errors='replace')[-2000:]}"
            )
            assert stopped < STOP_WITHIN
        assert started.line(STOP_WITHIN) == b""
        status, err = started.end(STOP_WITHIN)
    assert (status, err) == (0, b"")


def _console_script() -> str:
    return str(Path(sys.executable).with_name("unicancer"))


@pytest.mark.parametrize(
    ("command", "number"),
    [([_console_script()], signal.SIGINT), ([sys.executable, "-m", "unicancer"], signal.SIGTERM)],
    ids=["unicancer-SIGINT", "python-m-SIGTERM"],
)
def test_the_command_exits_with_the_status_of_the_signal(
    command: list[str], number: signal.Signals, big: Path
) -> None:
    """The whole program, as a user runs it: no traceback, and nothing left in the group."""
    with Started([*command, "tag", str(big), *interrupted.TAG]) as started:
        first = started.line(START_WITHIN)
        assert json.loads(first)["source"] == str(big)
        sent = started.signal(number)
        while line := started.line(STOP_WITHIN + 10):
            assert json.loads(line)["source"] == str(big)
        status, err = started.end(STOP_WITHIN)
        assert time.monotonic() - sent < STOP_WITHIN
    assert (status, err) == (STATUS[number], b"")


#: Texts enough for many chunks to be out in the workers when something goes wrong.
_TEXTS = [f"comité de patients, essai {i}" for i in range(2_000)]


def _failing_texts() -> Iterator[str]:
    yield from _TEXTS
    raise LookupError("the source of the texts failed")


def _texts_with_a_number() -> Iterator[object]:
    yield from _TEXTS
    yield 7


def _tag_all(texts: Iterable[object], tagger: unicancer.Tagger | None = None) -> None:
    list((tagger or unicancer.Tagger()).tag_many(texts, processes=2))  # type: ignore[arg-type]


def _stop_early() -> None:
    results = unicancer.Tagger().tag_many(_TEXTS, processes=2, chunksize=8)
    next(results)
    assert isinstance(results, Generator)
    results.close()


#: Name -> (what goes wrong, the error the caller gets).
_FAULTS: dict[str, tuple[Callable[[], None], type[Exception] | None]] = {
    "iterator-raises": (lambda: _tag_all(_failing_texts()), LookupError),
    "item-not-a-str": (lambda: _tag_all(_texts_with_a_number()), InvalidTypeError),
    "worker-raises": (
        lambda: _tag_all([*_TEXTS, interrupted.FAILING, *_TEXTS], interrupted.FailingTagger()),
        NotFoundError,
    ),
    "closed-early": (_stop_early, None),
}


def _within(seconds: float, call: Callable[[], None]) -> BaseException | None:
    """The error *call* raised, run in a thread that must be done within *seconds*."""
    raised: list[BaseException] = []

    def target() -> None:
        try:
            call()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return raised[0] if raised else None


@pytest.fixture(scope="module")
def loaded() -> None:
    """The tagger loaded in full in this process, once: not in the workers of every test."""
    unicancer.Tagger().tag("comité de patients")


@pytest.mark.parametrize("fault", sorted(_FAULTS))
@pytest.mark.parametrize("repeat", range(max(1, REPEATS // 4)))
@pytest.mark.usefixtures("loaded")
def test_an_error_reaches_the_caller_with_its_type_and_stops_the_workers(
    fault: str, repeat: int
) -> None:
    del repeat
    before = set(interrupted.children())
    call, expected = _FAULTS[fault]
    error = _within(60, call)
    assert type(error) is expected if expected else error is None, error
    assert set(interrupted.children()) <= before


class _Lost(Exception):
    """What a test's *check* raises: a signal whose exception a ``__del__`` lost."""


@attrs.frozen
class _Item:
    text: str


def test_a_signal_that_a_finalizer_lost_still_stops_the_wait_for_workers() -> None:
    # Raised in a `__del__` that the collector runs, an exception is lost; the CLI keeps the
    # signal and checks it again. Waiting for workers' results must check it too: the
    # signal may have ended the workers, whose results would then never come.
    calls: list[float] = []

    def check() -> None:
        calls.append(time.monotonic())
        if len(calls) == 3:
            raise _Lost

    items = [_Item(f"texte {i}") for i in range(8)]
    started = time.monotonic()
    results = finish_in_pool(unicancer.Tagger(), items, None, 2, 1, workers.slow_text, check)
    with pytest.raises(_Lost):
        list(results)
    assert time.monotonic() - started < 1 + STOP_WITHIN  # not after every task (4 s)
    assert len(calls) == 3
    assert multiprocessing.active_children() == []  # the pool is stopped


def test_a_worker_ended_by_sigterm_raises_it_in_the_caller() -> None:
    # SIGTERM to the process group ends the workers; should this process's handler have
    # raised where its exception was lost, waiting on their tasks would last for ever.
    def ended(signum: int, frame: object) -> None:
        raise _Lost(signum)

    def check() -> None:  # in the caller, while it waits: a worker ends, nothing else
        if not killed:
            pid = multiprocessing.active_children()[0].pid
            assert pid is not None
            killed.append(time.monotonic())
            os.kill(pid, signal.SIGTERM)
        elif time.monotonic() - killed[0] > 2 * STOP_WITHIN:  # a failure, not a hang
            raise AssertionError("still waiting for the task of the worker that ended")

    killed: list[float] = []
    items = [_Item(f"texte {i}") for i in range(8)]
    results = finish_in_pool(unicancer.Tagger(), items, None, 2, 1, workers.slow_text, check)
    previous = signal.signal(signal.SIGTERM, ended)
    try:
        started = time.monotonic()
        with pytest.raises(_Lost) as raised:
            list(results)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert raised.value.args == (signal.SIGTERM,)
    assert time.monotonic() - started < 1 + STOP_WITHIN
    assert multiprocessing.active_children() == []


def test_a_pool_stopped_early_is_freed_at_once_not_by_the_garbage_collector() -> None:
    # Freed later by the collector, its locks' weakref callbacks would run at any time,
    # where a Ctrl-C's KeyboardInterrupt is lost ("Exception ignored in ...").
    texts = ["Le comité de patients relit nos brochures. " * 50] * 2_500  # 5 M characters
    gc.collect()
    gc.disable()
    try:
        results = unicancer.Tagger().tag_many(texts, processes=2)
        assert next(results)
        del results  # closes it: the pool is stopped
        pools = [o for o in gc.get_objects() if isinstance(o, multiprocessing.pool.Pool)]
    finally:
        gc.enable()
    assert pools == []


#: A parent that holds unwritten output on both standard streams when it forks a worker,
#: the worker ending as a `multiprocessing` worker ends normally: its streams flushed,
#: then ``os._exit``. The parent ends in ``os._exit`` too: what it held is never written.
_FORKED_WHILE_WRITING = """
import os, sys
from unicancer._pool import worker_started
sys.stdout.write('{"the parent": "was writing this line')
sys.stderr.write("the parent's progress, 50%")
pid = os.fork()
if pid == 0:
    worker_started()
    print("the worker's line")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
os.waitpid(pid, 0)
os.write(1, b"the parent's next line\\n")
os._exit(0)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers forked")
def test_a_worker_never_writes_again_what_the_parent_had_not_flushed_when_it_forked() -> None:
    # The pool forks the workers that replace dead ones from a thread of its own, while
    # the parent writes: a worker that flushed its copy would write a line's start twice
    # (a partial record in the middle of `unicancer tag`'s output, seen on SIGTERM).
    done = subprocess.run(
        [sys.executable, "-c", _FORKED_WHILE_WRITING],
        cwd=ROOT,
        env=_buffered(),
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert done.stdout == b"the worker's line\nthe parent's next line\n"
    assert done.stderr == b""
