"""Open a written page in real headless Chromium (Playwright) and report what happened.

Reusable by any test that writes a page (the Sahel dataset page too)::

    import browser  # tests/viz/conftest.py puts tests/viz on sys.path
    result = browser.inspect_page(path, screenshot=tmp_path / "page.png")
    assert result["requests"] == [] and result["console_errors"] == []

Chromium runs with a fresh, empty profile and no network features; every request that is
not the page's own file is aborted and counted.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def browser_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@dataclass
class PageSession:
    page: object
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)   # every request but the page itself
    blocked: list[str] = field(default_factory=list)    # requests the route aborted
    load_seconds: float | None = None                   # goto until window.__sahelgraphReady

    def wait_ready(self, timeout_ms: int = 60_000) -> float:
        start = time.perf_counter()
        self.page.wait_for_function("() => window.__sahelgraphReady === true", timeout=timeout_ms)
        # the main thread answers: the page is interactive, not just drawn once
        self.page.evaluate("1 + 1")
        return time.perf_counter() - start

    def dom_point(self, node_id: str) -> dict:
        """Where a node is drawn, in page coordinates."""
        return self.page.evaluate(
            """(id) => {
                const n = window.sahelgraph.network;
                const p = n.canvasToDOM(n.getPositions([id])[id]);
                const r = document.getElementById('network').getBoundingClientRect();
                return {x: r.left + p.x, y: r.top + p.y};
            }""", node_id)

    def hover(self, x: float, y: float) -> str | None:
        """Move the mouse to (x, y); the tooltip's text, or None when none shows."""
        self.page.mouse.move(x - 40, y - 40)
        self.page.mouse.move(x, y, steps=5)
        try:
            self.page.wait_for_selector("#tooltip:not([hidden])", timeout=3_000)
        except Exception:
            return None
        return self.page.text_content("#tooltip")


@contextmanager
def open_page(html_path, *, viewport=(1280, 800), wait: bool = True, timeout_ms: int = 60_000):
    """A PageSession on ``html_path`` opened as file:// in a fresh headless Chromium."""
    from playwright.sync_api import sync_playwright

    html_path = Path(html_path).resolve()
    url = html_path.as_uri()
    with tempfile.TemporaryDirectory(prefix="sahelgraph-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            user_data_dir=profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        try:
            session = PageSession(page=None, url=url)

            def route(r):
                if r.request.url == url:
                    r.continue_()
                else:
                    session.blocked.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            context.on("request", lambda req: None if req.url == url else session.requests.append(req.url))
            page = context.pages[0] if context.pages else context.new_page()
            session.page = page
            page.on("console", lambda msg: session.console_errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: session.console_errors.append(f"pageerror: {exc}"))
            start = time.perf_counter()
            page.goto(url, wait_until="load", timeout=timeout_ms)
            if wait:
                session.wait_ready(timeout_ms)
                session.load_seconds = time.perf_counter() - start
            yield session
        finally:
            context.close()


def inspect_page(html_path, *, screenshot=None, viewport=(1280, 800), timeout_ms: int = 60_000) -> dict:
    """Open the page, wait until it is interactive, and report::

        {"nodes": int, "edges": int,            # items in the page's vis DataSets
         "canvas": (width, height) or None,      # the drawn canvas
         "console_errors": [...], "requests": [...], "blocked": [...],
         "xss": value of window.__xss (None when nothing ran),
         "load_seconds": float, "screenshot": Path or None, "colors": distinct colours}
    """
    with open_page(html_path, viewport=viewport, timeout_ms=timeout_ms) as s:
        facts = s.page.evaluate(
            """() => {
                const c = document.querySelector('#network canvas');
                return {
                    nodes: window.sahelgraph.nodes.length,
                    edges: window.sahelgraph.edges.length,
                    canvas: c ? [c.width, c.height] : null,
                    xss: window.__xss === undefined ? null : window.__xss,
                    title: document.title,
                };
            }""")
        shot = None
        colors = None
        if screenshot is not None:
            shot = Path(screenshot)
            shot.parent.mkdir(parents=True, exist_ok=True)
            s.page.screenshot(path=str(shot))
            colors = distinct_colors(s.page, shot.read_bytes())
        return {
            **facts, "canvas": tuple(facts["canvas"]) if facts["canvas"] else None,
            "console_errors": list(s.console_errors), "requests": list(s.requests),
            "blocked": list(s.blocked), "load_seconds": s.load_seconds,
            "screenshot": shot, "colors": colors,
        }


def distinct_colors(page, png: bytes) -> int:
    """How many distinct pixel colours the PNG ``png`` holds, decoded by Chromium itself
    (createImageBitmap, then a canvas): exact, and fast where a Python decoder is not."""
    return page.evaluate(
        """async (b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const ctx = canvas.getContext('2d');
            ctx.drawImage(bitmap, 0, 0);
            const pixels = new Uint32Array(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data.buffer);
            return new Set(pixels).size;
        }""", base64.b64encode(png).decode())
