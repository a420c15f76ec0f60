"""Screenshots of the extension's pages in headless Chromium, to look at before calling a UI done.

`./dev screenshots` writes PNGs to dist/screens/: the first run step by step, the options page's
sections with a few people listed, the sync page, the popup, the flow and the interstitial, each in
the usual and in discreet mode. Nothing here is a test; it only shows.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import ExtBrowser  # noqa: E402

OUT = ROOT / "dist" / "screens"
PEOPLE = [
    {
        "label": "Rowan",
        "note": "I chose this for my peace.",
        "accounts": [{"platform": "x", "handle": "rowan_vale"}],
    },
    {
        "label": "Sam",
        "accounts": [
            {"platform": "reddit", "handle": "sam_r"},
            {"platform": "x", "handle": "samr"},
        ],
    },
]


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot."""
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print(f"dist/screens/{name}.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        ext = ExtBrowser(playwright, profile)
        ext.find_sw()
        page = ext.new_page()
        page.set_viewport_size({"width": 1100, "height": 800})
        page.goto(ext.ext_url("pages/welcome.html"))
        for step in range(10):
            shot(page, f"welcome-{step + 1}")
            forward = page.locator("section:not([hidden]) [data-go=next]").first
            if forward.count() == 0:
                break
            forward.click()
        ext.seed(PEOPLE)
        for section in [
            "people",
            "waiting",
            "record",
            "sealed",
            "plan",
            "sites",
            "devices",
            "backup",
            "safety",
        ]:
            page.goto(ext.ext_url(f"pages/options.html#{section}"))
            shot(page, f"options-{section}")
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(ext.ext_url("pages/options.html#people"))
        shot(page, "options-phone")
        page.set_viewport_size({"width": 1100, "height": 800})
        for path, name in [
            ("pages/sync.html", "sync"),
            ("pages/interstitial.html", "interstitial"),
        ]:
            page.goto(ext.ext_url(path))
            shot(page, name)
        page.set_viewport_size({"width": 360, "height": 400})
        page.goto(ext.ext_url("pages/popup.html"))
        shot(page, "popup")
        ext.sw.evaluate(
            """async () => {
              const { ["doc.settings"]: doc } = await chrome.storage.local.get("doc.settings");
              const discreet = { value: true, ts: Date.now(), device: "shots" };
              const values = { ...(doc?.values || {}), discreet };
              await chrome.storage.local.set({ "doc.settings": { format: 1, values } });
            }"""
        )
        page.set_viewport_size({"width": 1100, "height": 800})
        for path, name in [
            ("pages/options.html#safety", "discreet-options"),
            ("pages/interstitial.html", "discreet-interstitial"),
            ("pages/welcome.html", "discreet-welcome"),
        ]:
            page.goto(ext.ext_url(path))
            shot(page, name)
        ext.close()


if __name__ == "__main__":
    main()
