"""Check ``typesetter preview`` once in a real browser: Debian's Chromium, headless.

    apt-get install chromium chromium-driver && .venv/bin/pip install -e '.[browser]'
    .venv/bin/python tests/manual/preview_browser.py [--screenshot preview.png]

Not part of the test suite (it needs a browser; tests/test_preview.py checks the same
server with an HTTP client). Selenium drives the system's ``/usr/bin/chromium`` through
the system's ``/usr/bin/chromedriver`` (nothing is downloaded). Against a small issue
in a temporary folder it checks that

1. the page shows the issue's pages as images;
2. after an article is saved, the page shows new images by itself — the same page, not
   reloaded (a mark left in ``window`` is still there), and a page's pixels differ;
3. a broken save shows the error with its ``PATH:LINE`` on top and keeps the images;
   fixing it hides the error again.

Prints one line per check and exits 1 on the first that fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from conftest import write_issue  # noqa: E402  (tests/conftest.py: hides system fonts too)
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

from typesetter.preview import start_preview  # noqa: E402

ARTICLE = "articles/01-guowuyuan.md"
#: The pixels of every page image on screen, as data URLs (same-origin images).
PIXELS = """
return Array.from(document.querySelectorAll("main img")).map((img) => {
  if (!img.complete || !img.naturalWidth) return null;
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  canvas.getContext("2d").drawImage(img, 0, 0);
  return canvas.toDataURL("image/png");
});
"""


def wait_for(what: str, condition: Callable[[], Any], timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise SystemExit(f"FAIL: {what} (waited {timeout:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--screenshot", type=Path, help="Save a screenshot of the broken state.")
    args = parser.parse_args()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    with tempfile.TemporaryDirectory() as tmp:
        issue = write_issue(Path(tmp))
        article = issue / ARTICLE
        original = article.read_text(encoding="utf-8")
        server = start_preview(issue, port=0)
        server.serve_in_thread()
        browser = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            print(f"{browser.capabilities['browserVersion']} at {server.url}")
            browser.get(server.url)

            def pixels() -> list[str | None]:
                result: list[str | None] = browser.execute_script(PIXELS)
                return result

            def version() -> int:
                return int(browser.execute_script("return document.body.dataset.version || 0"))

            first = wait_for("pages shown", lambda: (p := pixels()) and all(p) and p)
            print(f"ok: build {version()} shows {len(first)} page images")
            browser.execute_script("window.previewMark = 'not reloaded'")

            started = time.perf_counter()
            article.write_text(original.replace("国务院以", "国务院今天以新的"), encoding="utf-8")
            wait_for("a new build shown", lambda: version() > 1)
            second = wait_for(
                "new pages drawn", lambda: (p := pixels()) and all(p) and p != first and p
            )
            seconds = time.perf_counter() - started
            mark = browser.execute_script("return window.previewMark")
            if mark != "not reloaded":
                raise SystemExit("FAIL: the page was reloaded")
            changed = sum(a != b for a, b in zip(first, second, strict=False))
            print(f"ok: saved → new images in {seconds:.2f} s, {changed} page(s) differ, no reload")

            article.write_text(
                original.replace("title:", "colour: red\ntitle:", 1), encoding="utf-8"
            )
            banner = wait_for(
                "the error on top",
                lambda: browser.execute_script(
                    "const f = document.getElementById('failed');"
                    "return getComputedStyle(f).display !== 'none' && f.innerText"
                ),
            )
            place = f"{issue}/{ARTICLE}:2"
            if place not in banner or "colour" not in banner:
                raise SystemExit(f"FAIL: the banner does not name {place}: {banner!r}")
            if pixels() != second:
                raise SystemExit("FAIL: the last good pages are not kept")
            link = browser.execute_script("return document.querySelector('#errors a').href")
            print(f"ok: broken save → on top: {banner.splitlines()[1]!r}, pages kept; link {link}")
            if args.screenshot:
                browser.save_screenshot(str(args.screenshot))

            article.write_text(original, encoding="utf-8")
            wait_for(
                "the error gone",
                lambda: (
                    browser.execute_script(
                        "return getComputedStyle(document.getElementById('failed')).display"
                    )
                    == "none"
                ),
            )
            wait_for("pages of the fixed build", lambda: (p := pixels()) and p == first)
            print("ok: fixed → error gone, pages as at first")
        finally:
            browser.quit()
            server.close()


if __name__ == "__main__":
    main()
