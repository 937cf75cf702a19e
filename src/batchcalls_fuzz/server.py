"""The HTTP face: a mock of HubSpot's calls batch endpoint on the standard library's
``ThreadingHTTPServer``. What to answer is the endpoint's business
(``consumer.http``); this module only receives requests and sends answers, including the
ones cut halfway or dripped byte by byte."""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from .consumer.http.answer import CUT, DRIP, Answer
from .consumer.http.endpoint import Endpoint
from .errors import BatchCallsFuzzError

LOOPBACK = "127.0.0.1"
DRIP_INTERVAL = 0.05
"""Seconds between two bytes of a dripped body."""
SHUTDOWN_POLL = 0.05
"""Seconds between two checks for a shutdown request: closing a server takes this long."""


class CannotListen(BatchCallsFuzzError, OSError):
    """The server cannot listen on the address asked for: the port is taken, the host is not
    an address of this machine, or listening there is not allowed."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        self.host = host
        self.port = port
        shown = f"[{host}]" if ":" in host else host
        super().__init__(f"cannot listen on {shown}:{port}: {reason}")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], endpoint: Endpoint, drip_seconds: float) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.endpoint = endpoint
        self.drip_seconds = drip_seconds
        self.stopping = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: with Nagle's algorithm on, each keep-alive
    # answer waits for the client's delayed ACK (about 40 ms).
    disable_nagle_algorithm = True
    server: _HTTPServer

    def do_POST(self) -> None:
        self._answer()

    do_GET = do_PUT = do_PATCH = do_DELETE = do_POST

    def _answer(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.send_error(400, "bad Content-Length")
            return
        body = self.rfile.read(length)
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            # A chunked body is not read (it fails the input check): do not parse it as the
            # next request.
            self.close_connection = True
        answer = self.server.endpoint.respond(self.command, self.path, body)
        self.send_response(answer.status)
        for name, value in answer.all_headers():
            self.send_header(name, value)
        if answer.delivery in (CUT, DRIP):
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            self._send_body(answer)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up: what a drip is for

    def _send_body(self, answer: Answer) -> None:
        if answer.delivery == CUT:
            self.wfile.write(answer.body[: len(answer.body) // 2])
        elif answer.delivery == DRIP:
            # Never the last byte: the body does not complete, however patient the client.
            ticks = int(self.server.drip_seconds / DRIP_INTERVAL)
            for tick in range(ticks):
                if tick < len(answer.body) - 1:
                    self.wfile.write(answer.body[tick : tick + 1])
                    self.wfile.flush()
                if self.server.stopping.wait(DRIP_INTERVAL):
                    break
        else:
            self.wfile.write(answer.body)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the endpoint's JSON Lines log records every answer."""


class RunningServer:
    """The endpoint served on ``host:port`` (port 0: a free one) from a background thread.

    ``url`` is its base URL; ``queue`` and ``served`` are the endpoint's.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        host: str = LOOPBACK,
        port: int = 0,
        drip_seconds: float = 30.0,
        log: Path | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.log = log
        """The JSON Lines file the endpoint logs to, if known."""
        try:
            self._server = _HTTPServer((host, port), endpoint, drip_seconds)
        except (OSError, OverflowError, UnicodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise CannotListen(host, port, reason) from None
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(SHUTDOWN_POLL,), daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}"

    @property
    def drip_seconds(self) -> float:
        return self._server.drip_seconds

    @drip_seconds.setter
    def drip_seconds(self, seconds: float) -> None:
        self._server.drip_seconds = seconds

    @property
    def multi_status(self) -> bool:
        return self.endpoint.plan.multi_status_possible

    @property
    def served(self) -> list[dict[str, Any]]:
        return self.endpoint.served

    def queue(self, kind: str | None = None, **details: Any) -> None:
        self.endpoint.queue(kind, **details)

    def close(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def serve_until_signalled(
    endpoint: Endpoint,
    host: str,
    port: int,
    drip_seconds: float,
    ready: Callable[[RunningServer], None],
) -> signal.Signals:
    """Serve until SIGINT or SIGTERM, then close the socket and return that signal."""
    stop = threading.Event()
    stopped_by = [signal.SIGTERM]

    def request_stop(signum: int, frame: object) -> None:
        stopped_by[0] = signal.Signals(signum)
        stop.set()

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with RunningServer(endpoint, host, port, drip_seconds) as running:
            ready(running)
            while not stop.wait(0.5):
                pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return stopped_by[0]
