"""The exclusive writer lock of a store file: one writer at a time, across processes.

The lock is ``flock`` on ``<store>.lock``: the kernel holds it and drops it when the holder
dies (even by SIGKILL), so no process id is ever checked for liveness (a process in another
PID namespace, such as a container sharing the folder, would look dead). The lock file says
who holds it (pid, host, command, since) so that a waiting writer can say for whom it waits.

Readers never take it: a writer edits a copy and renames it over the store, so a reader sees
the old graph or the new one, whole.

A holder removes the lock file before letting go; a waiter that wins the lock on a file
that was removed meanwhile tries again on the new one (else two writers could each hold
a lock, on two different files).

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     lock = StoreLock(pathlib.Path(tmp) / "g.lbdb")
...     with lock.held(wait=0):
...         holder = lock.holder()
...     (holder["pid"] == os.getpid(), lock.path.exists())
(True, False)
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sahelgraph.errors import StoreError

DEFAULT_WAIT = 60.0  # seconds a writer waits for another by default
POLL = 0.05


def _command() -> str:
    """This process's command line, with any password left out, for the lock file."""
    words, hide = [], False
    for word in [Path(sys.argv[0]).name if sys.argv else "python", *sys.argv[1:]]:
        if hide:
            words.append("***")
            hide = False
        elif word.startswith("--password"):
            words.append("--password" + ("=***" if "=" in word else ""))
            hide = "=" not in word
        else:
            words.append(word)
    text = " ".join(words)
    return text if len(text) <= 200 else text[:199] + "…"


class StoreLock:
    """The writer lock of the store at ``store_path`` (a file ``<store_path>.lock``)."""

    def __init__(self, store_path: str | os.PathLike):
        self.store_path = Path(store_path)
        self.path = self.store_path.with_name(self.store_path.name + ".lock")
        self._fd: int | None = None

    @property
    def locked(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def holder(self) -> dict | None:
        """Who holds the lock as its lock file says ({"pid", "host", "command", "since"}),
        or None if nobody does or it cannot be read."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _try(self) -> bool:
        """Take the lock if it is free; True if taken."""
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            except OSError:
                os.close(fd)
                raise
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return True
            os.close(fd)  # the holder removed this file as we took it: take the new one

    def acquire(self, wait: float | None = DEFAULT_WAIT, on_wait=None) -> None:
        """Take the lock, waiting up to ``wait`` seconds (None: forever) for another writer.

        ``on_wait(message)`` is called once if the lock is busy, with a line saying for whom
        this writer waits. StoreError when the time is up.
        """
        if self._fd is not None:
            raise StoreError(f"{self.path} is already held by this process")
        self.store_path.parent.mkdir(parents=True, exist_ok=True)
        deadline = None if wait is None else time.monotonic() + max(wait, 0)
        told = False
        try:
            while not self._try():
                if deadline is not None and time.monotonic() >= deadline:
                    raise StoreError(f"{self.store_path} is being written by {self.describe()}; "
                                     f"gave up after {wait:g} s (try again later, or wait longer "
                                     "with --wait SECONDS)")
                if on_wait and not told:
                    how_long = "as long as it takes" if wait is None else f"up to {wait:g} s"
                    on_wait(f"waiting for {self.describe()} to finish writing {self.store_path} "
                            f"({how_long}; --wait SECONDS to change)")
                    told = True
                time.sleep(POLL)
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path}: {exc.strerror or exc}") from None
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": _command(),
                "since": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")}
        try:
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, json.dumps(info).encode("utf-8"), 0)
        except OSError:
            pass  # who holds the lock is a courtesy to waiters; the lock itself is held

    def describe(self) -> str:
        """'another writer (pid 12, host h, `sahelgraph load x`, since ...)' as far as known."""
        info = self.holder()
        if not info:
            return "another writer"
        return (f"another writer (pid {info.get('pid')} on {info.get('host')}, "
                f"`{info.get('command')}`, since {info.get('since')})")

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        fd, self._fd = self._fd, None
        os.close(fd)  # closing the last descriptor drops the flock

    @contextmanager
    def held(self, wait: float | None = DEFAULT_WAIT, on_wait=None):
        """The lock for the duration of a ``with`` block."""
        self.acquire(wait, on_wait)
        try:
            yield self
        finally:
            self.release()

    def busy(self) -> bool:
        """Whether some writer (this process or another) holds the lock now."""
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False
