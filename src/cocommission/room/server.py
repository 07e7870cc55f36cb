"""The room server: its own thread and asyncio event loop, bound to one of the laptop's addresses.

The window (or ``cocommission serve``) makes a ``RoomServer``, calls ``start()`` and shows the
address and the PIN; ``stop()`` ends it and frees the port before it returns, so the same port
can be used again at once. A slow frame on the laptop never delays a phone, nor the reverse:
the server's loop runs on its own thread, and its database work on worker threads of its own.

The PIN the facilitator reads out is made new each time the server starts and is kept in this
object only: it is never stored, logged or shown to phones.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import os
import secrets
import socket
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from cocommission.db.database import Database
from cocommission.room import events, hygiene
from cocommission.room.addresses import laptop_addresses
from cocommission.room.app import Room, RoomSettings, concerns_phones, make_app
from cocommission.room.doorway import Asking
from cocommission.services.changes import Changes

_log = logging.getLogger(__name__)
# aiohttp's own server log names the phone's address with each malformed request it turns away;
# the room keeps no record of who sent what, so only its own one-line messages (the kind of error) stay.
logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)

#: Every network at once: only when the facilitator chooses it explicitly.
EVERY_NETWORK = "0.0.0.0"
#: How many digits the PIN has: enough that guessing at the joining rate limit takes days.
PIN_DIGITS = 6
#: How many database calls for phones run at once: one. SQLite lets one writer in at a time
#: anyway, and a writer kept waiting sleeps in SQLite's busy handler in steps of up to 100 ms;
#: taking the phones' calls one at a time keeps each wait short and in the order they came.
WORKERS = 1
#: How long stopping waits for requests in progress before it cuts them off (seconds).
SHUTDOWN_SECONDS = 2.0
#: How long, at most, one thread of the app runs Python before another waiting thread gets a turn,
#: while the room is open (seconds; Python's own default is 0.005). Each of the laptop's threads (the
#: window, the room's loop and its database worker) gives up its turn at every database statement
#: and must then wait for the turn to come back: with 5 ms turns, a phone's ballot of a dozen
#: statements could wait a dozen turns behind the window's reading, and the window behind the
#: phones'. Shorter turns while phones vote keep both waits short.
ROOM_SWITCH_INTERVAL = 0.001

#: The port the room uses unless told otherwise, the same each time: feedback sheets printed while
#: room voting is on carry the room's address, and must still open when the sheets come back.
PREFERRED_PORT = 8470


class RoomServerError(Exception):
    """The room server could not start: the message says why and what to choose instead."""

    @property
    def message(self) -> str:
        """The sentence to show the facilitator."""
        return str(self.args[0])


def new_pin() -> str:
    """A fresh PIN of ``PIN_DIGITS`` random digits."""
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


class RoomServer:
    """A ballot server for one commission's room, on its own thread, until ``stop()``.

    ``port``: None (the default) is ``PREFERRED_PORT``, or any free port when that one is taken
    (``notice`` then says so); 0 is any free port; any other port is that port or a refusal.
    """

    def __init__(
        self,
        database: Database,
        *,
        commission_id: str,
        host: str,
        port: int | None = None,
        workshop_id: str | None = None,
        on_change: Callable[[Changes], None] | None = None,
        limits: hygiene.RateLimits | None = None,
        pin_needs_facilitator: bool = False,
        on_asking: Callable[[], None] | None = None,
    ) -> None:
        self.database = database
        #: Whether a phone joining with the PIN waits until the facilitator lets it in (``asking``,
        #: ``let_in``, ``turn_away``); ``on_asking`` is called, on the server's thread, as the list changes.
        self.pin_needs_facilitator = pin_needs_facilitator
        self.on_asking = on_asking
        self.commission_id = commission_id
        self.host = host
        self.port = port
        self.workshop_id = workshop_id
        self.on_change = on_change
        self.limits = limits or hygiene.RateLimits()
        self._pin = ""
        #: Said to the facilitator after starting, when the preferred port was taken and another is used.
        self.notice = ""
        self._bound_port = 0
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._room: Room | None = None
        self._failure: BaseException | None = None
        self._guard: hygiene.Guard | None = None
        #: Python's thread switch interval before the room shortened it (see ``ROOM_SWITCH_INTERVAL``).
        self._previous_switch: float | None = None

    # ------------------------------------------------------------------ what the window shows

    @property
    def running(self) -> bool:
        """Whether the server is answering phones."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def pin(self) -> str:
        """The PIN the facilitator reads out (new each start; empty while stopped)."""
        return self._pin

    @property
    def url(self) -> str:
        """The address phones open, ``http://HOST:PORT/`` (empty while stopped)."""
        if not self.running:
            return ""
        return f"http://{_host_in_url(self._shown_host())}:{self._bound_port}/"

    def _shown_host(self) -> str:
        if self.host != EVERY_NETWORK:
            return self.host
        reachable = [address.host for address in laptop_addresses() if not address.loopback]
        return reachable[0] if reachable else "127.0.0.1"

    # ------------------------------------------------------------------ starting and stopping

    def start(self) -> str:
        """Bind, start serving on a thread of its own, and return the address to show."""
        if self.running:
            return self.url
        listening, self.notice = _bind_preferring(self.host, self.port)
        self._bound_port = listening.getsockname()[1]
        self._pin = new_pin()
        self._failure = None
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(listening, ready), name="room-server", daemon=True
        )
        self._previous_switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._previous_switch, ROOM_SWITCH_INTERVAL))
        self._thread.start()
        ready.wait()
        if self._failure is not None:
            self._thread.join()
            self._thread = None
            self._pin = ""
            self._restore_switch()
            raise RoomServerError(f"The room server could not start: {self._failure}.") from self._failure
        return self.url

    def stop(self) -> None:
        """Stop serving and free the port; requests in progress get a moment to finish first."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        if thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
        if self._room is not None:
            self._room.doorway.clear()  # a phone still asking must ask again, with the next PIN
        self._thread = None
        self._loop = None
        self._room = None
        self._pin = ""
        self._restore_switch()

    def _restore_switch(self) -> None:
        if self._previous_switch is not None:
            sys.setswitchinterval(self._previous_switch)
            self._previous_switch = None

    # ------------------------------------------------------------------ phones asking to join

    def asking(self) -> list[Asking]:
        """The phones asking to join with the PIN that the facilitator has still to answer, first asked first."""
        room = self._room
        return room.doorway.waiting() if room is not None and self.running else []

    def let_in(self, ticket: str) -> None:
        """Let the phone that asked with ``ticket`` join; it moves on to the ballot at its next look."""
        loop, room = self._loop, self._room
        if loop is None or room is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop closed in between: the server has stopped
            asyncio.run_coroutine_threadsafe(room.let_in(ticket), loop)

    def turn_away(self, ticket: str) -> None:
        """Refuse the phone that asked with ``ticket``; it is told so at its next look."""
        loop, room = self._loop, self._room
        if loop is None or room is None:
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(room.turn_away, ticket)

    def set_workshop(self, workshop_id: str | None) -> None:
        """Check phones against this workshop's register from now on (the console turned to another workshop)."""
        self.workshop_id = workshop_id
        loop, room = self._loop, self._room
        if loop is None or room is None:
            return
        done = threading.Event()

        def use() -> None:
            room.use_workshop(workshop_id)
            done.set()

        with contextlib.suppress(RuntimeError):  # the loop closed in between: the server has stopped
            loop.call_soon_threadsafe(use)
            # Back only once the room uses it: the next request is checked against the new register.
            done.wait(timeout=SHUTDOWN_SECONDS)

    def notify_changed(self, changes: Changes | None = None) -> None:
        """Tell the phones the round may have changed (after the console's own commits); any thread may call it."""
        loop, room = self._loop, self._room
        if loop is None or room is None or not concerns_phones(changes, self.commission_id):
            return
        with contextlib.suppress(RuntimeError):  # the loop closed in between: the server has stopped
            loop.call_soon_threadsafe(room.broadcaster.publish, "round")

    def _allowed_hosts(self) -> frozenset[str]:
        hosts = [self.host] if self.host != EVERY_NETWORK else [a.host for a in laptop_addresses()]
        allowed = {f"{_host_in_url(host)}:{self._bound_port}" for host in hosts}
        if self._bound_port == 80:
            allowed |= {_host_in_url(host) for host in hosts}
        return frozenset(allowed)

    def _announce_asking(self) -> None:
        if self.on_asking is None:
            return
        try:
            self.on_asking()
        except Exception:  # noqa: BLE001 - a failing listener must not stop the phone being answered
            _log.exception("A room server asking listener failed")

    def _announce(self, changes: Changes) -> None:
        if self.on_change is None:
            return
        try:
            self.on_change(changes)
        except Exception:  # noqa: BLE001 - the phone's ballot is committed; a failing listener must not make it look lost
            _log.exception("A room server change listener failed")

    def _serve(self, listening: socket.socket, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="room-services")
        settings = RoomSettings(
            self.database, self.commission_id, self.workshop_id, self._pin, self.pin_needs_facilitator
        )
        room = Room(settings, executor, events.Broadcaster(), self._announce)
        room.on_asking = self._announce_asking
        guard = self._guard = hygiene.Guard.for_address(self._allowed_hosts(), self.limits)
        runner = web.AppRunner(make_app(room, guard), access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
        try:
            loop.run_until_complete(runner.setup())
            loop.run_until_complete(web.SockSite(runner, listening).start())
        except Exception as exc:  # noqa: BLE001 - reported to start() as a RoomServerError
            self._failure = exc
            listening.close()
            loop.run_until_complete(runner.cleanup())
            executor.shutdown()
            loop.close()
            ready.set()
            return
        self._loop, self._room = loop, room
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            listening.close()
            executor.shutdown(wait=True)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()


def _host_in_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or a ``RoomServerError`` saying why not."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise RoomServerError(f"{host!r} is not an address; {_choose_from()}") from None
    if not 0 <= port <= 65535:
        raise RoomServerError(f"{port} is not a port; choose one from 1024 to 65535, or 0 for any free port.")
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name == "nt":
            # Windows lets a second program bind a port taken with SO_REUSEADDR; this refuses it.
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)  # type: ignore[attr-defined]
        else:
            # Connections just closed wait a while in TIME_WAIT; they must not keep the port taken.
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(128)
        listening.setblocking(False)
    except OSError as exc:
        listening.close()
        raise RoomServerError(_bind_problem(host, port, exc)) from None
    return listening


def _bind_preferring(host: str, port: int | None) -> tuple[socket.socket, str]:
    """Bind ``host:port``; with no port, the preferred one, or when it is taken any free port and a notice saying so."""
    if port is not None:
        return bind(host, port), ""
    try:
        return bind(host, PREFERRED_PORT), ""
    except RoomServerError:
        pass
    listening = bind(host, 0)
    notice = (
        f"Port {PREFERRED_PORT} is in use by another program, so the room uses port "
        f"{listening.getsockname()[1]} this time. Feedback sheets printed with the room's address before "
        "will not open on phones now: print them again, or fill them in on paper."
    )
    return listening, notice


def _choose_from() -> str:
    hosts = ", ".join(address.host for address in laptop_addresses())
    return f"choose one of this laptop's addresses: {hosts}." if hosts else "this laptop has no network address."


def _bind_problem(host: str, port: int, error: OSError) -> str:
    if error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
        return f"Port {port} on {host} is already in use by another program; choose another port, or 0 for any free port."
    if error.errno in (errno.EADDRNOTAVAIL, getattr(errno, "WSAEADDRNOTAVAIL", -1)):
        return f"{host} is not this laptop's address (on this network now); {_choose_from()}"
    if error.errno in (errno.EACCES, getattr(errno, "WSAEACCES", -1)):
        return f"Port {port} needs administrator rights; choose a port from 1024 to 65535, or 0 for any free port."
    return f"Cannot serve on {host} port {port}: {error.strerror or error}."
