"""SQLite's writers one at a time in arrival order, and what they may count, for readers to see.

SQLite has one write lock, and a connection that finds it taken sleeps and retries (busy_timeout):
waiters are served in no particular order, after sleeps of up to 100 ms. Every write transaction
on SQLite (db.write) therefore first takes a ticket here and waits for the ticket before it: first
come, first served, woken at once, so SQLite's lock is free whenever a writer reaches it.

A writer that may count failed authentications also names the rate-limit keys it may count
("stripes": each key hashed into one of STRIPES words). From its ticket to its end it is "active"
on them: each word holds how many writers ever started and ever finished on it. A reader reads the
words, then the database, then the words again; any writer that was active meanwhile shows, without
any lock or system call (auth.py bounds what the active ones can still add to the counts).

Everything shared lives next to the database in one file: the ticket counter and the words (a
shared mmap), and byte-range locks on it (Linux open file description locks, one descriptor per
thread), which the kernel releases when a process dies, so a killed worker never blocks the queue.
Where those locks do not exist, available() is False and db.py does without the gate.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import mmap
import os
import struct
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

STRIPES = 1 << 16
# How many tickets can be waiting at once before two share a lock byte (never, in practice).
QUEUE_SLOTS = 1 << 20

_WORD = 0xFFFFFFFF
_SIZE = 8 * (1 + STRIPES)  # the ticket counter, then one word per stripe
# Lock bytes, far past the data (a lock may lie beyond the end of a file; it does no I/O).
_MUTEX = 1 << 40
_STRIPE_LOCKS = _MUTEX + 1
_QUEUE = _STRIPE_LOCKS + STRIPES
# struct flock on Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid.
_FLOCK = "@hhqqi4x"


def available() -> bool:
    """Whether this system has open file description locks (Linux 3.15 and later)."""
    return all(hasattr(fcntl, name) for name in ("F_OFD_SETLKW", "F_OFD_SETLK", "F_OFD_GETLK"))


def stripe(key: str) -> int:
    """Return the stripe of a rate-limit key (its kind, then a SHA-256 in hex: already uniform)."""
    return int(key[-8:], 16) % STRIPES


def _lock(fd: int, kind: int, start: int, wait: bool = True) -> None:
    command = fcntl.F_OFD_SETLKW if wait else fcntl.F_OFD_SETLK
    fcntl.fcntl(fd, command, struct.pack(_FLOCK, kind, os.SEEK_SET, start, 1, 0))


def _libc_fcntl() -> Callable[[int, int, bytes], int] | None:
    # fcntl() through ctypes.PyDLL keeps the GIL: a lock that is free (a few hundred nanoseconds)
    # is taken with no other thread of this process running in between. The fcntl module lets go
    # of the GIL for every call, and another thread may then keep it for milliseconds.
    try:
        function = ctypes.PyDLL(None, use_errno=True).fcntl
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p]
    function.restype = ctypes.c_int
    return function


_FCNTL = _libc_fcntl()


def _try_lock(fd: int, kind: int, start: int) -> bool:
    """Take or release a lock without waiting or letting go of the GIL; False when it is taken."""
    request = struct.pack(_FLOCK, kind, os.SEEK_SET, start, 1, 0)
    if _FCNTL is None:
        try:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, request)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True
    if _FCNTL(fd, fcntl.F_OFD_SETLK, request) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EAGAIN, errno.EACCES):
        return False
    raise OSError(code, os.strerror(code))


def _held_by_another(fd: int, start: int) -> bool:
    probe = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, start, 1, 0)
    return struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_OFD_GETLK, probe))[0] != fcntl.F_UNLCK


class _Descriptor:
    """This thread's own descriptor of the file: OFD locks belong to a descriptor, not a process."""

    def __init__(self, path: Path) -> None:
        self.pid = os.getpid()
        self.fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)

    def __del__(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


class Gate:
    """The writers' queue and the stripes' words of one SQLite database (see the module)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)  # zeros; every process that comes first does the same
            self._map = mmap.mmap(fd, _SIZE, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        finally:
            os.close(fd)
        # One aligned 8-byte load or store per word: a reader never sees half of an update.
        self.words = memoryview(self._map).cast("Q")
        self._local = threading.local()

    def _fd(self) -> int:
        descriptor = getattr(self._local, "descriptor", None)
        if descriptor is None or descriptor.pid != os.getpid():  # a forked child opens its own
            descriptor = _Descriptor(self.path)
            self._local.descriptor = descriptor
        return descriptor.fd

    def read(self, stripes: Iterable[int]) -> tuple[int, ...]:
        """Return the words of these stripes: ``started | finished << 32``, each modulo 2**32."""
        words = self.words
        return tuple(words[1 + s] for s in stripes)

    @contextmanager
    def writer(self, stripes: Iterable[int] = ()) -> Iterator[None]:
        """Wait for every earlier ticket to finish; active on `stripes` until the block ends.

        The ticket is taken first, and, when no other process is taking one at that instant,
        without letting go of the GIL: an attempt is placed in the queue right where a reader's
        check would have been made instead (auth.py).
        """
        fd = self._fd()
        mine = sorted(set(stripes))
        words = self.words
        if not _try_lock(fd, fcntl.F_WRLCK, _MUTEX):
            _lock(fd, fcntl.F_WRLCK, _MUTEX)
        try:
            # Each stripe's lock byte is held from before this writer counts as started until
            # after it counts as finished, so _repair() can tell a live writer from a dead one.
            for s in mine:
                if not _try_lock(fd, fcntl.F_RDLCK, _STRIPE_LOCKS + s):
                    raise OSError(errno.EAGAIN, "a stripe's lock is taken for writing")
            ticket = words[0]
            own = _QUEUE + ticket % QUEUE_SLOTS
            # Free: its last holder was QUEUE_SLOTS tickets ago.
            if not _try_lock(fd, fcntl.F_WRLCK, own):
                raise OSError(errno.EAGAIN, "the queue is full")
            words[0] = (ticket + 1) & 0xFFFFFFFFFFFFFFFF
            for s in mine:
                word = words[1 + s]
                words[1 + s] = (word & ~_WORD) | ((word + 1) & _WORD)
        except BaseException:
            for s in mine:
                _try_lock(fd, fcntl.F_UNLCK, _STRIPE_LOCKS + s)
            raise
        finally:
            _try_lock(fd, fcntl.F_UNLCK, _MUTEX)
        try:
            # The previous ticket holds its byte until it is done (or its process died).
            previous = _QUEUE + (ticket - 1) % QUEUE_SLOTS
            _lock(fd, fcntl.F_WRLCK, previous)
            _lock(fd, fcntl.F_UNLCK, previous)
            if mine:
                self._repair(fd, mine)
            yield
        finally:
            _lock(fd, fcntl.F_WRLCK, _MUTEX)
            try:
                for s in mine:
                    word = words[1 + s]
                    finished = ((word >> 32) + 1) & _WORD
                    words[1 + s] = (word & _WORD) | finished << 32
            finally:
                _lock(fd, fcntl.F_UNLCK, _MUTEX)
            _lock(fd, fcntl.F_UNLCK, own)
            for s in mine:
                _lock(fd, fcntl.F_UNLCK, _STRIPE_LOCKS + s)

    def _repair(self, fd: int, stripes: list[int]) -> None:
        """Forget writers that died between starting and finishing on these stripes.

        Such a writer left its stripe active for good; readers would then take the slow path on
        those keys until a restart. A stripe on which this writer is the only live holder of the
        stripe's lock byte has exactly one writer active: this one.
        """
        words = self.words
        _lock(fd, fcntl.F_WRLCK, _MUTEX)
        try:
            for s in stripes:
                word = words[1 + s]
                started, finished = word & _WORD, word >> 32
                if (started - finished) & _WORD > 1 and not _held_by_another(fd, _STRIPE_LOCKS + s):
                    words[1 + s] = ((finished + 1) & _WORD) | finished << 32
        finally:
            _lock(fd, fcntl.F_UNLCK, _MUTEX)


def active(before: int, after: int) -> int | None:
    """How many writers may have been active on a stripe between two reads of its word.

    Every writer that started by the second read and had not finished by the first: those that
    finished earlier are in anything read after the first read. None when the words make no sense
    (a wrapped or torn value): the caller must then assume the worst.
    """
    count = ((after & _WORD) - (before >> 32)) & _WORD
    return count if count < 1 << 31 else None
