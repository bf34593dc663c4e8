"""Neo4j Browser (served by the launcher) driven in Debian's chromium through Playwright:
log in, run a file of cypher/ with its :param lines, read what the result frames show."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@contextmanager
def browser_page(url: str, *, viewport=(1400, 900)):
    """A page of a fresh headless chromium (new empty profile) opened on ``url``."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="sahelgraph-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            user_data_dir=profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": viewport[0], "height": viewport[1]})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(url, wait_until="load", timeout=120_000)
            yield page
        finally:
            context.close()


def log_in(page, password: str, *, user: str = "neo4j", timeout_ms: int = 120_000) -> None:
    """Fill Browser's connect form (the address comes from the launcher's discovery answer)."""
    page.wait_for_selector("[data-testid='username']", timeout=timeout_ms)
    page.fill("[data-testid='username']", user)
    page.fill("[data-testid='password']", password)
    page.click("[data-testid='connect']")
    page.wait_for_selector("[data-testid='username']", state="detached", timeout=timeout_ms)


def run_in_editor(page, text: str) -> None:
    """Put ``text`` (Cypher, :param lines, several statements) in the editor and run it."""
    editor = page.locator("#monaco-main-editor, [data-testid='activeEditor']").first
    editor.click()
    page.keyboard.insert_text(text)  # no auto-closed quotes or brackets, unlike typing
    page.keyboard.press("Control+Enter")
