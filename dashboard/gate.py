"""A server-wide gate for heavy work (whole-table downloads): at most `slots` jobs at once, at
most `queue` waiting their turn in order, one job per key (a session) at a time (no Streamlit).

A job either gets a slot, waits in line (its place is known: "3 ahead of yours"), or is refused at
the door with the reason (`Refused`): the line is full, the same session already has a job, or
it waited longer than it may. Waiting costs no thread: an async caller awaits a future, a thread
waits on an event. Thread-safe (the route runs on the event loop, the work in worker threads).

Invariants: at most `slots` granted tickets at any time; every ticket admitted is released
exactly once by its `with` block (granted or not), so a slot is never lost to an error or a
cancelled wait; waiting tickets are granted first in, first out.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field


@dataclass
class Refused(Exception):
    """Not admitted: `reason` is "queue_full", "same_session" or "timeout"; `running` jobs held
    the slots and `ahead` waited before this one."""

    reason: str
    running: int
    ahead: int


@dataclass(eq=False)
class _Ticket:
    key: str
    wake: Callable[[], None]
    granted: bool = False
    released: bool = field(default=False, repr=False)


class Gate:
    def __init__(self, slots: int, queue: int) -> None:
        if slots < 1 or queue < 0:
            raise ValueError(f"a gate needs at least one slot and a queue of 0 or more (got {slots}, {queue})")
        self.slots, self.queue = slots, queue
        self._lock = threading.Lock()
        self._running = 0
        self._waiting: deque[_Ticket] = deque()
        self._keys: set[str] = set()

    def state(self) -> tuple[int, int]:
        """(jobs running, jobs waiting) now."""
        with self._lock:
            return self._running, len(self._waiting)

    def _admit(self, key: str, wake: Callable[[], None]) -> _Ticket:
        with self._lock:
            if key in self._keys:
                raise Refused("same_session", self._running, len(self._waiting))
            ticket = _Ticket(key, wake)
            if self._running < self.slots and not self._waiting:
                ticket.granted = True
                self._running += 1
            elif len(self._waiting) >= self.queue:
                raise Refused("queue_full", self._running, len(self._waiting))
            else:
                self._waiting.append(ticket)
            self._keys.add(key)
            return ticket

    def _ahead(self, ticket: _Ticket) -> int:
        with self._lock:
            return self._waiting.index(ticket) if ticket in self._waiting else 0

    def _release(self, ticket: _Ticket) -> None:
        woken = []
        with self._lock:
            if ticket.released:
                return
            ticket.released = True
            self._keys.discard(ticket.key)
            if ticket.granted:
                self._running -= 1
            else:
                self._waiting.remove(ticket)
            while self._running < self.slots and self._waiting:
                nxt = self._waiting.popleft()
                nxt.granted = True
                self._running += 1
                woken.append(nxt)
        for nxt in woken:
            nxt.wake()

    def _timed_out(self, ticket: _Ticket) -> Refused:
        running, _ = self.state()
        return Refused("timeout", running, self._ahead(ticket))

    @contextlib.asynccontextmanager
    async def enter(self, key: str, wait_s: float) -> AsyncIterator[None]:
        """Hold a slot for the block, after waiting for it at most `wait_s` seconds (Refused if
        not admitted or not granted in time). The wait is a future on the running loop."""
        loop = asyncio.get_running_loop()
        granted = loop.create_future()

        def wake() -> None:
            loop.call_soon_threadsafe(lambda: granted.done() or granted.set_result(None))

        ticket = self._admit(key, wake)
        try:
            if not ticket.granted:
                try:
                    await asyncio.wait_for(asyncio.shield(granted), wait_s)
                except TimeoutError:
                    if not ticket.granted:
                        raise self._timed_out(ticket) from None
            yield
        finally:
            self._release(ticket)

    @contextlib.contextmanager
    def enter_blocking(self, key: str, wait_s: float):
        """The same from a worker thread: waits on an event."""
        event = threading.Event()
        ticket = self._admit(key, event.set)
        try:
            if not ticket.granted and not event.wait(wait_s) and not ticket.granted:
                raise self._timed_out(ticket)
            yield
        finally:
            self._release(ticket)


_SHARED: dict[str, Gate] = {}
_SHARED_LOCK = threading.Lock()


def shared(name: str, slots: int, queue: int) -> Gate:
    """The process's gate called `name`, made on first use (the route makes it, the pages read it)."""
    with _SHARED_LOCK:
        return _SHARED.setdefault(name, Gate(slots, queue))


def current(name: str) -> Gate | None:
    """The process's gate called `name`, or None when nothing made it (the app run without serve.py)."""
    return _SHARED.get(name)
