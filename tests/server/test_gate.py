"""SQLite's gate (gate.py): writers in arrival order across threads and processes, the stripes'
words that readers check, and a writer that died halfway forgotten by the next one."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from nocontact import gate

pytestmark = pytest.mark.skipif(not gate.available(), reason="needs OFD locks (Linux)")


def _wait_for(condition, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_writers_pass_one_at_a_time_in_the_order_they_came(tmp_path: Path):
    shared = gate.Gate(tmp_path / "db-gate")
    order: list[int] = []
    inside = threading.Lock()
    first_in, release_first = threading.Event(), threading.Event()

    def first() -> None:
        with shared.writer():
            first_in.set()
            release_first.wait(5)
            order.append(0)

    def writer(number: int) -> None:
        with shared.writer():
            # Never two at once.
            assert inside.acquire(blocking=False)
            order.append(number)
            time.sleep(0.01)
            inside.release()

    threads = [threading.Thread(target=first)]
    threads[0].start()
    assert first_in.wait(5)
    for number in range(1, 9):
        tickets = shared.words[0]
        thread = threading.Thread(target=writer, args=(number,))
        thread.start()
        threads.append(thread)
        _wait_for(lambda tickets=tickets: shared.words[0] == tickets + 1)
    release_first.set()
    for thread in threads:
        thread.join(10)
    assert order == list(range(9))


def test_a_writer_is_active_on_its_stripes_from_its_ticket_to_its_end(tmp_path: Path):
    shared = gate.Gate(tmp_path / "db-gate")
    stripes = [gate.stripe("auth-sync:" + "ab" * 32), 7]
    before = shared.read(stripes)
    assert [gate.active(b, b) for b in before] == [0, 0]
    with shared.writer(stripes):
        during = shared.read(stripes)
        assert [gate.active(b, a) for b, a in zip(before, during, strict=True)] == [1, 1]
        assert [gate.active(d, d) for d in during] == [1, 1]
    after = shared.read(stripes)
    # Started and finished in between: still seen by a reader that read before it started.
    assert [gate.active(b, a) for b, a in zip(before, after, strict=True)] == [1, 1]
    assert [gate.active(a, a) for a in after] == [0, 0]
    assert shared.read([8]) == (0,)


def test_another_process_waits_its_turn_and_a_killed_writer_blocks_nobody(tmp_path: Path):
    path = tmp_path / "db-gate"
    shared = gate.Gate(path)
    stripe = 12345
    ready_read, ready_write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        try:
            own = gate.Gate(path)
            with own.writer([stripe]):
                os.write(ready_write, b"x")
                time.sleep(0.5)
                # Killed halfway: it never finishes on its stripe; the kernel drops its locks.
                os._exit(0)
        finally:
            os._exit(1)
    os.close(ready_write)
    assert os.read(ready_read, 1) == b"x"
    started = time.monotonic()
    with shared.writer([stripe]):
        waited = time.monotonic() - started
        # The dead writer still counts as active until a live one on the stripe repairs it.
        assert gate.active(shared.read([stripe])[0], shared.read([stripe])[0]) == 1
    _, status = os.waitpid(child, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert waited > 0.3, "went in before the writer ahead of it was gone"
    assert gate.active(shared.read([stripe])[0], shared.read([stripe])[0]) == 0


def test_the_words_make_sense_or_say_so():
    assert gate.active(0, 0) == 0
    assert gate.active(5 | 3 << 32, 6 | 5 << 32) == 3
    # Wrapped modulo 2**32.
    assert gate.active(0xFFFFFFFF << 32, 1 | 0xFFFFFFFF << 32) == 2
    # Finished more than ever started: a torn or foreign value; the caller assumes the worst.
    assert gate.active(9 << 32, 3 | 9 << 32) is None
