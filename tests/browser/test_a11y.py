"""Every extension page passes an automated accessibility audit with zero violations.

axe-core comes from npm; the pages are checked in the states a user meets: with a person listed
and with a dialog open.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .devices import msg
from .harness import ROOT, ExtBrowser

AXE = (ROOT / "node_modules/axe-core/axe.min.js").read_text()
PEOPLE = [{"label": "Them", "accounts": [{"platform": "x", "handle": "abuser"}]}]


def violations(page: Page) -> list[str]:
    """Run axe in the page (evaluated over the DevTools protocol, so the page's CSP allows it)."""
    page.evaluate(AXE)
    found = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"
    )
    return found


@pytest.mark.parametrize(
    "path",
    ["pages/options.html", "pages/popup.html", "pages/sync.html", "pages/interstitial.html"],
)
def test_page_has_no_violations(ext: ExtBrowser, ext_page: Page, path: str):
    ext.seed(PEOPLE)
    ext_page.goto(ext.ext_url(path))
    ext_page.wait_for_load_state("networkidle")
    assert violations(ext_page) == []


def test_the_reflection_flow_has_no_violations(ext: ExtBrowser, ext_page: Page):
    ext.seed(PEOPLE)
    ext_page.goto(ext.ext_url("pages/options.html"))
    with ext.context.expect_page() as opened:
        ext_page.get_by_role("button", name="Remove from my list: Them").click()
    flow = opened.value
    flow.get_by_role("button", name=msg("reflect_keep")).first.wait_for()
    assert violations(flow) == []
    flow.close()


def test_interstitial_after_look_anyway_has_no_violations(ext: ExtBrowser, ext_page: Page):
    ext_page.goto(ext.ext_url("pages/interstitial.html"))
    ext_page.get_by_role("button", name=msg("interstitial_lookAnyway")).click()
    ext_page.get_by_role("link", name=msg("interstitial_toList")).wait_for()
    assert violations(ext_page) == []


def test_the_flow_in_every_step_has_no_violations(ext: ExtBrowser, ext_page: Page):
    ext.seed(PEOPLE)
    ext_page.goto(ext.ext_url("pages/options.html"))
    with ext.context.expect_page() as opened:
        ext_page.get_by_role("button", name="Remove from my list: Them").click()
    flow = opened.value
    flow.get_by_role("heading", name=msg("reflect_question")).wait_for(timeout=15000)
    flow.get_by_label(msg("reflect_motiveAfraid")).check()
    flow.locator("#help").wait_for()
    assert violations(flow) == []
    flow.get_by_role("button", name=msg("reflect_keep")).last.click()
    flow.get_by_role("button", name=msg("reflect_leave")).wait_for()
    assert violations(flow) == []
    flow.close()


def test_options_with_a_record_a_waiting_change_and_an_open_hour_has_no_violations(
    ext: ExtBrowser, ext_page: Page
):
    ext.seed(PEOPLE)
    ext_page.goto(ext.ext_url("pages/options.html"))
    ext_page.evaluate(
        """async () => {
          const { people } = await chrome.runtime.sendMessage({ type: "list.get" });
          const person = people[0].id;
          const ask = async (type, id, action) => {
            await chrome.storage.session.set({ [`reflect.${id}`]: { action } });
            await chrome.runtime.sendMessage({ type, id, motive: "guilt" });
          };
          await ask("reflect.keep", "a", { type: "remove_person", person });
          await ask("reflect.schedule", "b", { type: "site_off", platform: "x" });
          const until = Date.now() + 3600 * 1000;
          const exception = { person, platform: "x", kind: "look_anyway", until };
          await chrome.storage.local.set({ exceptions: [exception] });
        }"""
    )
    ext_page.reload()
    ext_page.locator("#journal-weeks li").first.wait_for()
    ext_page.locator("#exceptions li").first.wait_for()
    assert violations(ext_page) == []
    ext.sw.evaluate("chrome.storage.local.set({ exceptions: [] })")
    # A day later the waiting change is due: the popup says so.
    ext.sw.evaluate(f"chrome.storage.session.set({{testClockOffsetMs: {25 * 3600 * 1000}}})")
    try:
        ext_page.goto(ext.ext_url("pages/popup.html"))
        ext_page.get_by_text(msg("popup_due")).wait_for()
        assert violations(ext_page) == []
    finally:
        ext.sw.evaluate("chrome.storage.session.remove('testClockOffsetMs')")
