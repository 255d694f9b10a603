"""``typesetter preview``: the page, the page images, the event stream, a broken save.

One preview server (in this process, on a free port) runs against a copy of a small
issue for the module; each test leaves the issue as it found it. The browser's side is
checked once by hand in a real Chromium: tests/manual/preview_browser.py.
"""

from __future__ import annotations

import http.client
import json
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DEFAULT_ARTICLES, ROOT, run_cli, write_issue

from typesetter.preview import PreviewServer, start_preview

ARTICLE = "articles/01-guowuyuan.md"
WAIT = 120  # seconds: a loaded machine may be slow, a healthy one takes about one


class Events:
    """The server's event stream, read by a thread into a queue of states."""

    def __init__(self, port: int) -> None:
        self.states: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        data = ""
        try:
            while line := self.response.readline().decode("utf-8"):
                if line.startswith("data: "):
                    data = line[6:].strip()
                elif line == "\n" and data:
                    self.states.put(json.loads(data))
                    data = ""
        except OSError:
            pass

    def built(self, after: int) -> dict[str, Any]:
        """The first state of a finished rebuild later than ``after``."""
        while True:
            state = self.states.get(timeout=WAIT)
            if not state["building"] and state["version"] > after:
                return state

    def close(self) -> None:
        self.connection.close()


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(server.url.rstrip("/") + path)
    if host is not None:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def settled(server: PreviewServer) -> dict[str, Any]:
    """The server's state once it has been idle for a second: an earlier test's restoring
    save may still be rebuilding (a save can be seen as two changes)."""
    state = json.loads(get(server, "/state")[2])
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = json.loads(get(server, "/state")[2])
        if not now["building"] and now["version"] == state["version"]:
            return dict(now)
        state = now
    raise AssertionError(f"the preview kept rebuilding for {WAIT} s")


def pages(server: PreviewServer, state: dict[str, Any]) -> list[bytes]:
    version = state["good_version"]
    return [get(server, f"/pages/{version}/{n}.png")[2] for n in range(1, state["pages"] + 1)]


@pytest.fixture(scope="module")
def issue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_issue(tmp_path_factory.mktemp("preview"))


@pytest.fixture(scope="module")
def server(issue: Path) -> Iterator[PreviewServer]:
    server = start_preview(issue, port=0, display_dir=str(issue))
    server.serve_in_thread()
    yield server
    server.close()


@pytest.fixture
def events(server: PreviewServer) -> Iterator[Events]:
    stream = Events(server.port)
    yield stream
    stream.close()


def test_serves_the_page_the_state_and_png_pages(server: PreviewServer, events: Events) -> None:
    state = events.built(0)
    assert state["ok"] is True and state["pages"] >= 2 and state["problems"] == []
    status, kind, body = get(server, "/")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert b'new EventSource("/events")' in body
    status, kind, body = get(server, "/state")
    assert json.loads(body)["good_version"] == state["good_version"]
    status, kind, png = get(server, f"/pages/{state['good_version']}/1.png")
    assert (status, kind) == (200, "image/png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert get(server, f"/pages/{state['good_version']}/99.png")[0] == 404
    assert get(server, "/issue.pdf")[2].startswith(b"%PDF-")
    assert get(server, "/nothing")[0] == 404
    # Only requests addressed to this machine: not a DNS name pointing here.
    assert get(server, "/state", host="attacker.example:80")[0] == 403


def test_a_saved_edit_rebuilds_and_the_pages_change(
    server: PreviewServer, issue: Path, events: Events
) -> None:
    before = settled(server)
    old = pages(server, before)
    article = issue / ARTICLE
    original = article.read_text(encoding="utf-8")
    after = before
    try:
        article.write_text(original.replace("国务院以", "国务院今天以新的"), encoding="utf-8")
        after = events.built(before["version"])
        assert after["ok"] is True
        assert after["good_version"] > before["good_version"]
        assert pages(server, after) != old
        # The earlier build's images are gone: the page asks for the new ones.
        assert get(server, f"/pages/{before['good_version']}/1.png")[0] == 404
    finally:
        article.write_text(original, encoding="utf-8")
        events.built(after["version"])


def test_a_broken_save_keeps_the_good_pages_and_lists_the_errors(
    server: PreviewServer, issue: Path, events: Events
) -> None:
    good = settled(server)
    good_pages = pages(server, good)
    article = issue / ARTICLE
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("title:", "colour: red\ntitle:", 1), encoding="utf-8")
    broken = events.built(good["version"])
    assert broken["ok"] is False
    assert broken["good_version"] == good["good_version"]
    [error] = [p for p in broken["problems"] if p["severity"] == "error"]
    place = f"{issue}/{ARTICLE}:2"
    assert error["place"] == place
    assert error["text"].startswith(f"{place}: ")
    assert "colour" in error["message"]
    assert error["href"] == f"vscode://file/{(issue / ARTICLE).resolve()}:2"
    assert pages(server, broken) == good_pages  # the last good pages are still served

    article.write_text(original, encoding="utf-8")
    fixed = events.built(broken["version"])
    assert fixed["ok"] is True and fixed["problems"] == []
    assert fixed["good_version"] == fixed["version"] > broken["version"]
    assert len(pages(server, fixed)) == good["pages"]


def test_the_command_prints_its_address_and_writes_the_pdf(tmp_path: Path) -> None:
    issue = write_issue(tmp_path, articles={"01": DEFAULT_ARTICLES["01-guowuyuan"]})
    pdf = tmp_path / "out" / "issue.pdf"
    command = ["preview", str(issue), "--port", "0", "--pdf", str(pdf)]
    process = subprocess.Popen(
        [sys.executable, "-m", "typesetter", *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.fullmatch(
            rf"Previewing {re.escape(str(issue))} at http://127\.0\.0\.1:(\d+)/ "
            r"\(Ctrl\+C to stop\)\n",
            first,
        )
        assert match, first
        built = process.stdout.readline()
        assert re.fullmatch(
            rf"\d\d:\d\d:\d\d {re.escape(str(issue))}: \d+ pages \(\d+\.\d s\)\n", built
        ), built
        assert pdf.read_bytes().startswith(b"%PDF-")
        with urllib.request.urlopen(f"http://127.0.0.1:{match[1]}/", timeout=WAIT) as page:
            assert page.status == 200
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_pdf_inside_the_issue_folder_is_refused(make_issue: Any) -> None:
    issue = make_issue()
    result = run_cli("preview", str(issue), "--pdf", str(issue / "x.pdf"))
    assert result.returncode == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for --pdf: {issue}/x.pdf is inside the issue folder {issue} "
        "(the build reads that folder: write elsewhere)\n"
    )


def test_a_port_in_use_is_a_usage_error(make_issue: Any) -> None:
    issue = make_issue()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("preview", str(issue), "--port", str(port))
    assert result.returncode == 2
    message = (
        f"cannot listen on 127.0.0.1:{port} (Address already in use; --port 0 picks a free port)"
    )
    assert result.stderr.endswith(f"Error: Invalid value for --port: {message}\n")


def test_preview_layout_option_rebuilds_in_that_layout(make_issue: Any) -> None:
    """preview --layout NAME: each rebuild uses that layout, as build --layout does."""
    from typesetter.preview.rebuild import Rebuilder

    issue = make_issue()
    outcome = Rebuilder(issue, str(issue), layout="magazine").rebuild()
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert [folder.name for folder in outcome.folders][:2] == ["magazine", "newsletter"]
    unknown = Rebuilder(issue, str(issue), layout="gazette").rebuild()
    assert not unknown.ok
    assert "unknown layout 'gazette'" in str(unknown.problems[0])
