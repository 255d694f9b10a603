"""The preview's web server: the standard library's threading HTTP server on 127.0.0.1.

- ``GET /``: the page (:mod:`.page`);
- ``GET /state``: the current state as JSON;
- ``GET /events``: Server-Sent Events, one ``state`` event at once and one per change
  (a rebuild starting, a rebuild done), a comment every 15 s to keep the stream open;
- ``GET /pages/VERSION/N.png``: page N of the good build VERSION (404 once replaced);
- ``GET /issue.pdf``: the last good PDF.

Only requests addressed to this machine are answered (the Host header must name
127.0.0.1 or localhost), so a web page elsewhere cannot read the preview through a DNS
name that points here.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..i18n import Translator
from .page import render_page
from .rebuild import Outcome
from .session import DEFAULT_EDITOR, Session

HOST = "127.0.0.1"
#: Seconds between two keep-alive comments on an idle event stream.
KEEPALIVE = 15.0

_PAGE_PATH = re.compile(r"/pages/(\d{1,9})/(\d{1,6})\.png")

_ = Translator("preview")


class PreviewServer(ThreadingHTTPServer):
    """A :class:`ThreadingHTTPServer` bound to 127.0.0.1 that serves one session."""

    daemon_threads = True

    def __init__(self, session: Session, port: int) -> None:
        self.session = session
        super().__init__((HOST, port), _Handler)
        self.port: int = self.server_address[1]
        self.url = f"http://{HOST}:{self.port}/"
        self._serving: threading.Thread | None = None

    def serve_in_thread(self) -> None:
        """Serve from a daemon thread (tests, benchmarks); :meth:`close` stops it."""
        self._serving = threading.Thread(target=self.serve_forever, name="preview-http")
        self._serving.daemon = True
        self._serving.start()

    def close(self) -> None:
        """Stop the loop and the event streams, then the server."""
        self.session.stop()
        if self._serving is not None:
            self.shutdown()
            self._serving.join()
        self.server_close()


def start_preview(
    issue_dir: Path,
    *,
    port: int = 0,
    display_dir: str | None = None,
    pdf: Path | None = None,
    layout: str | None = None,
    editor: str = DEFAULT_EDITOR,
    on_build: Callable[[Outcome], None] | None = None,
    start: bool = True,
) -> PreviewServer:
    """Bind the server (an OSError when the port is taken) and start the rebuild loop
    (``start=False``: the caller starts it, ``server.session.start()``); the caller serves
    (``serve_forever`` or :meth:`PreviewServer.serve_in_thread`)."""
    shown = display_dir if display_dir is not None else str(issue_dir)
    session = Session(issue_dir, shown, pdf=pdf, layout=layout, editor=editor, on_build=on_build)
    server = PreviewServer(session, port)
    if start:
        session.start()
    return server


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "typesetter-preview"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the CLI prints builds
        pass

    def do_GET(self) -> None:
        if not self._local():
            self._say(HTTPStatus.FORBIDDEN, _("not a local request"))
            return
        path = self.path.split("?", 1)[0]
        session = self.server.session
        if path == "/":
            self._send(HTTPStatus.OK, render_page().encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/state":
            state = json.dumps(session.state()[1], ensure_ascii=False).encode("utf-8")
            self._send(HTTPStatus.OK, state, "application/json; charset=utf-8")
        elif path == "/events":
            self._events()
        elif path == "/issue.pdf" and session.images is not None:
            self._send(HTTPStatus.OK, session.images.data, "application/pdf")
        elif (match := _PAGE_PATH.fullmatch(path)) is not None:
            png = session.page(int(match[1]), int(match[2]))
            if png is None:
                self._say(HTTPStatus.NOT_FOUND, _("no such page (rebuilt since?)"))
            else:
                self._send(HTTPStatus.OK, png, "image/png", cache="max-age=3600, immutable")
        else:
            self._say(HTTPStatus.NOT_FOUND, _("not found"))

    def _local(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in ("127.0.0.1", "localhost", "")

    def _say(self, status: HTTPStatus, text: str) -> None:
        self._send(status, f"{text}\n".encode(), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        session, serial = self.server.session, -1
        try:
            while True:
                try:
                    news = session.wait(serial, KEEPALIVE)
                except EOFError:  # the server is closing
                    return
                if news is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    serial, state = news
                    data = json.dumps(state, ensure_ascii=False)
                    self.wfile.write(f"event: state\nid: {serial}\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the browser went away
            return
