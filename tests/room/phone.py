"""A phone for the room server's tests: real HTTP over a real socket, with its own cookies.

``http.client`` rather than a browser: it sends exactly what a test says (a wrong Host, no CSRF
token, a huge body), follows no redirect by itself, and keeps cookies the way a phone would.
"""

from __future__ import annotations

import html
import http.client
import json
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit


@dataclass
class Answer:
    """One response: its status, headers and body."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def words(self) -> str:
        """The page's text as a reader sees it (entities such as &#x27; turned back into characters)."""
        return html.unescape(self.text)

    def json(self) -> Any:
        return json.loads(self.body)

    def field(self, name: str) -> str:
        """The value of the first form field named ``name`` on this page."""
        found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.text)
        assert found, f"no field {name!r} on the page"
        return found.group(1)


@dataclass
class Phone:
    """One phone's browser: the server's address and the cookies it was given."""

    url: str
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
        *, connect_to: str | None = None,
    ) -> Answer:
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(connect_to or parts.hostname, parts.port, timeout=10)
        sent = {"Host": self.host}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str] | list[tuple[str, str]], **headers: str) -> Answer:
        body = urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", **headers}
        )

    def post_json(self, path: str, data: Any, csrf: str | None, **headers: str) -> Answer:
        sent = {"Content-Type": "application/json", **headers}
        if csrf is not None:
            sent["X-CSRF-Token"] = csrf
        return self.request("POST", path, json.dumps(data).encode(), sent)
