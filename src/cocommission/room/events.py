"""Server-sent events: telling every open ballot page at once that the round on the wall changed.

Each page listening on ``GET /events`` gets its own small queue. A change (a phone's commit, or
the facilitator's on the console, handed over by ``RoomServer.notify_changed``) puts one
``round`` event in every queue; the page then re-reads ``GET /api/round``. The event carries
nothing of the round itself, so a page learns what changed only through its own phone's cookie.
Events that pile up on a slow phone are merged: it needs to re-read only once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

#: How long a quiet stream waits before sending a comment line, so proxies and phones keep it open.
KEEP_ALIVE_SECONDS = 15.0
#: How long a phone waits before reconnecting after the stream drops (the script backs off further).
RETRY_MILLISECONDS = 2000

_CLOSED = "closed"


class Broadcaster:
    """The listening pages, and one ``publish`` that reaches them all. Used on the server's loop only."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[str]] = set()
        self._closed = False

    @property
    def listeners(self) -> int:
        """How many pages are listening now."""
        return len(self._queues)

    def publish(self, event: str = "round") -> None:
        """Tell every listening page that ``event`` happened (merged with one still waiting to be sent)."""
        for queue in self._queues:
            if queue.empty():
                queue.put_nowait(event)

    def close(self) -> None:
        """End every stream: the server is stopping."""
        self._closed = True
        for queue in self._queues:
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(_CLOSED)

    @contextlib.asynccontextmanager
    async def listening(self) -> AsyncIterator[asyncio.Queue[str]]:
        """A queue of events for one page, for as long as it listens."""
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
        if self._closed:
            queue.put_nowait(_CLOSED)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)


async def stream(broadcaster: Broadcaster, write: Callable[[bytes], Awaitable[None]]) -> None:
    """Send events to one page until the server stops or the page goes away (``write`` then raises)."""
    await write(f"retry: {RETRY_MILLISECONDS}\n\n".encode())
    async with broadcaster.listening() as queue:
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
            except TimeoutError:
                await write(b": still here\n\n")
                continue
            if event == _CLOSED:
                return
            await write(f"event: {event}\ndata: {{}}\n\n".encode())

