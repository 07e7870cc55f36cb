"""Web hygiene for the room server: what every request passes before a service is called.

- **Host allowlist.** A page on some other site can make a phone's browser send requests to a
  name that resolves to the laptop (DNS rebinding); such a request names that other host, so
  only the address the server was started on is answered (421).
- **CSRF.** Every POST carries a token (the hidden form field ``csrf`` or the ``X-CSRF-Token``
  header) that is an HMAC, under a key made fresh each time the server starts, of the phone's
  cookie (or, before joining, of a visitor cookie): another site can make a phone post, but it
  cannot read the token. A POST whose ``Origin`` is another site is refused too.
- **Rate limits.** A small token bucket for each address, and one for each phone as well; joining
  is limited by address alone, so guessing codes or the PIN is slow whatever cookies are sent,
  and a made-up cookie per request earns no fresh allowance.
- **Sizes.** Bodies over 16 KB are refused (413) before they are read.
- **Headers.** A strict Content-Security-Policy (only this server's own stylesheet and script),
  no caching of any page, no content sniffing, no referrer, no framing.

Every refusal is a short sentence a participant can read on their phone: an HTML page for the
pages, JSON ``{"message": …}`` for ``/api`` and ``/events``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from aiohttp import web

from cocommission.room import pages

_log = logging.getLogger(__name__)

#: Bodies larger than this are refused before they are read (aiohttp's ``client_max_size`` too).
MAX_BODY_BYTES = 16 * 1024

#: The cookie that holds a joined phone's secret (its digest alone is stored).
PHONE_COOKIE = "room_phone"
#: A random cookie a phone gets before joining, so the join forms' CSRF token is bound to something.
VISITOR_COOKIE = "room_visitor"
#: The cookie of a phone asking to join with the PIN: the ticket of its request (``doorway.py``).
ASKING_COOKIE = "room_asking"
#: How long a phone stays joined in its browser: a long workshop day.
PHONE_COOKIE_SECONDS = 12 * 60 * 60

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class RateLimit:
    """A token bucket: ``burst`` requests at once, then ``per_second`` more each second."""

    burst: int
    per_second: float


@dataclass(frozen=True)
class RateLimits:
    """The room server's limits: ``requests`` for each phone (or address), ``joining`` for each address."""

    requests: RateLimit = RateLimit(burst=40, per_second=10.0)
    # A room's worth of phones behind one address can join at once; after that one a second:
    # guessing a six-digit PIN at that rate takes days.
    joining: RateLimit = RateLimit(burst=60, per_second=1.0)
    #: Whether requests from the laptop itself (127.x.x.x, ::1) skip the limits by address: no
    #: phone comes from there, and the benchmark's and tests' simulated phones all do. Joined
    #: phones are still limited one by one.
    laptop_exempt: bool = True


@dataclass
class _Bucket:
    tokens: float
    checked: float


@dataclass
class Buckets:
    """One token bucket per key (a phone or an address), kept in memory while the server runs."""

    limit: RateLimit
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, key: str) -> bool:
        """Take one token from ``key``'s bucket; False when it is empty (the request is refused)."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 10_000:  # forget the quiet ones rather than grow without end
                self._forget_full(now)
            bucket = self._buckets[key] = _Bucket(tokens=float(self.limit.burst), checked=now)
        bucket.tokens = min(self.limit.burst, bucket.tokens + (now - bucket.checked) * self.limit.per_second)
        bucket.checked = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def _forget_full(self, now: float) -> None:
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.checked) * self.limit.per_second >= self.limit.burst:
                del self._buckets[key]


@dataclass(frozen=True)
class Guard:
    """What the middlewares check against: the hosts the server answers to, its CSRF key, its buckets."""

    hosts: frozenset[str]
    csrf_key: bytes
    requests: Buckets
    joining: Buckets
    laptop_exempt: bool = True

    @classmethod
    def for_address(cls, hosts: frozenset[str], limits: RateLimits) -> Guard:
        """A guard for a server answering to ``hosts`` (``host:port`` as a browser sends it)."""
        return cls(
            hosts=hosts,
            csrf_key=secrets.token_bytes(32),
            requests=Buckets(limits.requests),
            joining=Buckets(limits.joining),
            laptop_exempt=limits.laptop_exempt,
        )


GUARD = web.AppKey("guard", Guard)
_BASIS = web.RequestKey("csrf_basis", str)
_NEW_VISITOR = web.RequestKey("new_visitor", str)


class Refused(Exception):
    """A request refused with a status and a sentence for the participant."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def wants_json(request: web.Request) -> bool:
    """Whether the request came from the script (``/api``, ``/events``), which reads JSON refusals."""
    return request.path.startswith(("/api/", "/events"))


def refusal(request: web.Request, status: int, message: str) -> web.Response:
    """The answer to a refused request: JSON for the script, a short page for the browser."""
    if wants_json(request):
        return web.json_response({"message": message}, status=status)
    return web.Response(
        status=status, text=pages.message_page(message), content_type="text/html", charset="utf-8"
    )


def phone_secret(request: web.Request) -> str | None:
    """The joined phone's secret from its cookie, if it has one."""
    secret = request.cookies.get(PHONE_COOKIE)
    return secret or None


def csrf_token(request: web.Request) -> str:
    """The CSRF token the page being rendered puts in its forms, bound to this phone's cookie."""
    return _token(request.app[GUARD].csrf_key, request[_BASIS])


def bind_csrf_to_phone(request: web.Request, secret: str) -> None:
    """After a phone has joined in this request, the pages it is shown next carry its new token."""
    request[_BASIS] = f"phone:{secret}"


def bind_csrf_to_visitor(request: web.Request) -> None:
    """The phone's cookie is being dropped (revoked, unknown): the forms shown next must work without it."""
    visitor = request.get(_NEW_VISITOR) or request.cookies.get(VISITOR_COOKIE)
    if not visitor:
        visitor = request[_NEW_VISITOR] = secrets.token_urlsafe(16)
    request[_BASIS] = f"visitor:{visitor}"


def _token(key: bytes, basis: str) -> str:
    return hmac.new(key, basis.encode(), hashlib.sha256).hexdigest()


def _expected_hosts(request: web.Request) -> bool:
    return request.host in request.app[GUARD].hosts


def _same_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    # Older browsers send none, and with "Referrer-Policy: no-referrer" a browser sends "null" for
    # a plain form post: the CSRF token still has to match.
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc in request.app[GUARD].hosts


def _joining(request: web.Request) -> bool:
    return request.path == "/join" or request.path.startswith("/join/")


def _from_the_laptop(request: web.Request) -> bool:
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False


def guess_allowed(request: web.Request) -> bool:
    """Take a token from the address's joining bucket, for anything that can be guessed (a code, the PIN).

    False when the address has guessed too often; requests from the laptop itself pass, as they do
    everywhere (``RateLimits.laptop_exempt``).
    """
    guard = request.app[GUARD]
    if guard.laptop_exempt and _from_the_laptop(request):
        return True
    return guard.joining.take(f"address:{request.remote or 'unknown'}")


def _within_limits(request: web.Request, guard: Guard) -> bool:
    """Take this request from its address's bucket and, once a phone has joined, from the phone's too.

    Every request counts against its address (unless it comes from the laptop itself), so a made-up
    cookie per request earns no fresh allowance; a joined phone is limited on its own as well.
    """
    buckets = guard.joining if _joining(request) else guard.requests
    if not (guard.laptop_exempt and _from_the_laptop(request)) and not buckets.take(
        f"address:{request.remote or 'unknown'}"
    ):
        return False
    secret = phone_secret(request)
    if secret is None or _joining(request):
        return True
    return buckets.take("phone:" + hashlib.sha256(secret.encode()).hexdigest())


async def _sent_token(request: web.Request) -> str:
    header = request.headers.get("X-CSRF-Token")
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()  # kept by aiohttp: the handler reads the same form
        sent = form.get("csrf")
        return sent if isinstance(sent, str) else ""
    return ""


@web.middleware
async def guard_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Check the Host, the size, the rate and the CSRF token; add the headers; answer refusals in words."""
    try:
        response = await _guarded(request, handler)
    except Refused as refused:
        response = refusal(request, refused.status, refused.message)
    except web.HTTPRequestEntityTooLarge:
        response = refusal(request, 413, _TOO_LARGE)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = refusal(request, exc.status, _STATUS_MESSAGES.get(exc.status, _SOMETHING_WRONG))
    except Exception as exc:  # noqa: BLE001 - a phone gets one plain sentence, never a traceback
        _log.error("The room server could not answer a request: %s", type(exc).__name__)
        response = refusal(request, 500, _LAPTOP_TROUBLE)
    return _with_headers(request, response)


_TOO_LARGE = "That was too much to send at once. Go back and try again."
_LAPTOP_TROUBLE = "Something went wrong on the laptop, so nothing was saved. Wait a moment and try again."
_SOMETHING_WRONG = "That did not work. Go back and try again."
_STATUS_MESSAGES = {
    404: "There is no such page here. Open the address the facilitator showed you.",
    405: "That page cannot be used like that. Open the address the facilitator showed you.",
}


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    guard = request.app[GUARD]
    if not _expected_hosts(request):
        raise Refused(421, "This is not the room's address. Type the address the facilitator showed you.")
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise Refused(413, _TOO_LARGE)
    if not _within_limits(request, guard):
        raise Refused(429, "That was a lot of tapping. Wait a few seconds, then try again.")
    _choose_csrf_basis(request)
    if request.method == "POST":
        if not _same_origin(request):
            raise Refused(403, "That came from another website. Open the address the facilitator showed you.")
        sent = await _sent_token(request)
        if not hmac.compare_digest(sent.encode(), csrf_token(request).encode()):
            raise Refused(
                403, "This page is out of date. Open the address the facilitator showed you and try again."
            )
    response = await handler(request)
    new_visitor = request.get(_NEW_VISITOR)
    if new_visitor is not None and not response.prepared:
        set_cookie(response, VISITOR_COOKIE, new_visitor)
    return response


def _choose_csrf_basis(request: web.Request) -> None:
    secret = phone_secret(request)
    if secret is not None:
        request[_BASIS] = f"phone:{secret}"
        return
    visitor = request.cookies.get(VISITOR_COOKIE)
    if not visitor:
        visitor = secrets.token_urlsafe(16)
        request[_NEW_VISITOR] = visitor
    request[_BASIS] = f"visitor:{visitor}"


def set_cookie(response: web.StreamResponse, name: str, value: str) -> None:
    """A cookie the page's script cannot read, sent back only to this server's own pages."""
    response.set_cookie(
        name, value, max_age=PHONE_COOKIE_SECONDS, path="/", httponly=True, samesite="Strict"
    )


def redirect(location: str) -> web.Response:
    """Send the browser on to ``location`` with a GET (after a form post: post, redirect, get)."""
    return web.Response(status=303, headers={"Location": location})


def _with_headers(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    if not response.prepared:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
    return response
