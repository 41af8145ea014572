"""The preview answers only under its own name: the Host checks that keep a DNS-rebinding page out."""

from __future__ import annotations

import ipaddress
from typing import Any

from tornado import httputil, web
from tornado.routing import Matcher

WILDCARDS = ("", "0.0.0.0", "::")
"""Addresses that listen on every network interface."""


class OwnHost(Matcher):
    """Matches the requests whose `Host` names this server: the address it listens on or `localhost`, with its
    port. Any other name is what a DNS-rebinding page sends, after pointing its own name at this machine."""

    def __init__(self, host: str, port: int):
        names = {host.strip("[]").lower(), "localhost"}
        hosts = {f"[{name}]" if ":" in name else name for name in names}
        self.allowed = {f"{name}:{port}" for name in hosts} | (hosts if port == 80 else set())
        self.port = str(port)
        self.any_address = host in WILDCARDS
        """Listening on every interface, it is reached at any of the machine's addresses, which no page can
        rebind: a name in `Host` is needed for that."""

    def match(self, request: httputil.HTTPServerRequest) -> dict[str, Any] | None:
        host = request.headers.get("Host", "").strip().lower()
        if host in self.allowed:
            return {}
        name, _, port = host.rpartition(":")
        if self.any_address and port == self.port and is_address(name.strip("[]")):
            return {}
        return None


def is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


MAX_HOST = 260
"""The longest Host header that can name a server: a name of 253 characters, a colon and a port."""


class Application(web.Application):
    """Tornado's application, refusing a Host header that names no server before tornado reads it: a port of
    more than 4,300 digits makes tornado raise while it parses the request, log a traceback and hang up."""

    def start_request(self, server_conn: object, request_conn: httputil.HTTPConnection) -> httputil.HTTPMessageDelegate:
        return HostLength(super().start_request(server_conn, request_conn))


class HostLength(httputil.HTTPMessageDelegate):
    """`Application`'s look at the Host header, before tornado's own handling of the request."""

    def __init__(self, inner: httputil.HTTPMessageDelegate):
        self.inner = inner

    def headers_received(
        self, start_line: httputil.RequestStartLine | httputil.ResponseStartLine, headers: httputil.HTTPHeaders
    ) -> Any:
        if len(headers.get("Host", "")) > MAX_HOST:
            raise httputil.HTTPInputError("the Host header is longer than any server's name")  # tornado answers 400
        return self.inner.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Any:
        return self.inner.data_received(chunk)

    def finish(self) -> None:
        self.inner.finish()

    def on_connection_close(self) -> None:
        self.inner.on_connection_close()


class Misdirected(web.RequestHandler):
    """The answer to a request for another host: 421, and where the preview is."""

    def initialize(self, where: str) -> None:
        self.where = where

    def prepare(self) -> None:
        self.set_status(421)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"This preview answers only at {self.where}; open it there.\n")


def where_to_open(host: str, port: int) -> str:
    """The addresses a browser can open the preview at, for the 421 page."""
    local = f"http://localhost:{port}/"
    if host in WILDCARDS:
        return f"{local} or this machine's IP address with port {port}"
    return f"{preview_url(host, port)} or {local}"


def preview_url(host: str, port: int) -> str:
    """The preview's address as a browser takes it: an IPv6 address in brackets."""
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"
