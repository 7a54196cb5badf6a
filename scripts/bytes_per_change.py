"""Bytes the server sends to the browser per filter change (websocket frames), per page.

Starts the app on the built database, opens a page in Debian's Chromium, adds one theme after
another in the sidebar and sums the frames received after each change; prints the median.
Usage: .venv/bin/python scripts/bytes_per_change.py [page ...]   (default: overview map_links)
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_browser import CHROMIUM, free_port, running, wait_for_app  # noqa: E402

THEMES = ["Culture", "Sport", "Économie", "Environnement", "Coopération universitaire", "Partenariats"]


def measure(pg, url: str, frames: list[int]) -> list[int]:
    pg.goto(url)
    wait_for_app(pg)
    sizes = []
    for theme in THEMES:
        frames.clear()
        box = pg.get_by_test_id("stMultiSelect").filter(has_text="Thème").locator("input")
        box.click()
        box.fill(theme)
        pg.keyboard.press("Enter")
        pg.keyboard.press("Escape")
        wait_for_app(pg)
        sizes.append(sum(frames))
    return sizes[1:]  # the first change also warms the caches


def main(pages: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    cmd = [str(ROOT / ".venv" / "bin" / "streamlit"), "run", "dashboard/app.py", "--server.port", str(port)]
    with running(cmd, port) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        pg = browser.new_page(viewport={"width": 1400, "height": 1500})
        frames: list[int] = []
        pg.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(len(f))))
        for page in pages:
            sizes = measure(pg, f"{base}/{'' if page == 'overview' else page}", frames)
            print(f"{page:<12} median {statistics.median(sizes) / 1000:7.1f} KB per filter change  {sizes}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["overview", "map_links"])
