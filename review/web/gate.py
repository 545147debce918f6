"""Requests refused before they reach the app: a Host it does not serve, a body too large.

A browser tricked by DNS rebinding (an attacker's name that resolves to 127.0.0.1) sends the
attacker's name as Host; only the names the app is served under are accepted, so such a page
can never read or drive the app. A loopback name given without a port matches any port; the
``crosstally review`` command passes the loopback names with the port it listens on.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
BODY_LIMIT = 2 * 1024 * 1024  # far above any form of the app; bounds what one POST can cost


def split_host(value: str) -> tuple[str, str | None] | None:
    """``(name, port)`` of a Host value or an allowed-host entry, lower-cased; None if malformed.

    IPv6 addresses are bracketed as in a Host header; a bare ``::1`` is read as ``[::1]``.
    """
    value = value.strip().lower()
    if value.count(":") > 1 and not value.startswith("["):
        value = f"[{value}]"
    if value.startswith("["):
        name, bracket, rest = value.partition("]")
        if not bracket:
            return None
        name += "]"
        port = rest[1:] if rest.startswith(":") else None
        if rest and port is None:
            return None
    else:
        name, colon, port = value.partition(":")
        port = port if colon else None
    if not name or (port is not None and not (port.isascii() and port.isdigit())):
        return None
    return name, port


class HostAllowlist:
    """Answers 400 to any request whose Host header is not one of ``allowed``."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = set()
        for entry in allowed:
            parsed = split_host(entry)
            if parsed is None:
                raise ValueError(f"not a host name: {entry!r}")
            self.allowed.add(parsed)

    def permits(self, host: str | None) -> bool:
        parsed = split_host(host) if host else None
        if parsed is None:
            return False
        return parsed in self.allowed or (parsed[0], None) in self.allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.permits(Headers(scope=scope).get("host")):
            response = PlainTextResponse("unknown host", status_code=400)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Answers 413 to a request body over ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int = BODY_LIMIT) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "0")
        too_large = PlainTextResponse("request body too large", status_code=413)
        if not (declared.isascii() and declared.isdigit()):
            await PlainTextResponse("bad Content-Length", status_code=400)(scope, receive, send)
            return
        if int(declared) > self.limit:
            await too_large(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _TooLarge:
            if not started:
                await too_large(scope, receive, send)
