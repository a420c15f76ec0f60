"""Every extension page passes an automated accessibility audit with zero violations.

axe-core comes from npm; the pages are checked in the states a user meets: with a person listed
and with a dialog open.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from .devices import msg
from .harness import (
    ROOT,
    ExtBrowser,
    open_fixture,
    open_person,
    set_discreet,
    set_settings,
    short_pause,
    wait_for,
)

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


SECTIONS = ["people", "waiting", "record", "sealed", "plan", "sites", "devices", "backup", "safety"]


@pytest.fixture(params=[False, True], ids=["usual", "discreet"])
def mode(request: pytest.FixtureRequest, ext: ExtBrowser) -> Iterator[bool]:
    """Every page in the usual words and in discreet mode."""
    set_discreet(ext, request.param)
    try:
        yield request.param
    finally:
        set_discreet(ext, False)


@pytest.mark.parametrize("section", SECTIONS)
def test_every_options_section_has_no_violations(ext: ExtBrowser, ext_page: Page, mode, section):
    ext.seed(PEOPLE)
    ext_page.goto(ext.ext_url(f"pages/options.html#{section}"))
    ext_page.locator(f"#{section} h2").first.wait_for()
    if section == "people":
        open_person(ext_page, "Them")
        ext_page.locator("#add-box > summary").click()
    ext_page.wait_for_load_state("networkidle")
    assert violations(ext_page) == []


@pytest.mark.parametrize("path", ["pages/popup.html", "pages/interstitial.html"])
def test_page_has_no_violations(ext: ExtBrowser, ext_page: Page, mode, path: str):
    ext.seed(PEOPLE)
    ext_page.goto(ext.ext_url(path))
    ext_page.wait_for_load_state("networkidle")
    assert violations(ext_page) == []


@pytest.mark.parametrize("choice", [None, "sync_chooseFirst", "sync_chooseOther"])
def test_sync_page_in_each_state_has_no_violations(ext: ExtBrowser, ext_page: Page, mode, choice):
    ext_page.goto(ext.ext_url("pages/sync.html"))
    ext_page.get_by_role("button", name=msg("sync_chooseFirst")).wait_for()
    if choice:
        ext_page.get_by_role("button", name=msg(choice)).click()
        ext_page.get_by_role("button", name=msg("sync_showPassphrase")).first.click()
    assert violations(ext_page) == []


def test_every_first_run_step_has_no_violations(ext: ExtBrowser, ext_page: Page, mode):
    ext_page.goto(ext.ext_url("pages/welcome.html"))
    for _ in range(10):
        step = ext_page.locator("section.step:not([hidden])")
        step.locator("h2").wait_for()
        assert violations(ext_page) == [], step.get_attribute("id")
        forward = step.locator("[data-go=next]").first
        if forward.count() == 0:
            break
        forward.click()


def test_the_reflection_flow_has_no_violations(ext: ExtBrowser, ext_page: Page):
    ext.seed(PEOPLE)
    ext_page.goto(ext.ext_url("pages/options.html"))
    open_person(ext_page, "Them")
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
    if ext.engine == "firefox":
        # Exception: axe on the flow past its first step crashes Firefox ESR 153's extension
        # process now and then (every moz-extension page dies at once, whichever rules run). The
        # markup axe reads is the same in both engines: Chromium checks every step, Firefox the
        # first (test_the_reflection_flow_has_no_violations) and the flow's behaviour in
        # test_reflection.py.
        pytest.skip("axe past the flow's first step crashes Firefox ESR's extension process")
    ext.seed(PEOPLE)
    short_pause(ext)  # the pause itself is test_reflection.py's
    ext_page.goto(ext.ext_url("pages/options.html"))
    open_person(ext_page, "Them")
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
    for section in ["record", "waiting"]:
        ext_page.goto(ext.ext_url(f"pages/options.html#{section}"))
        ext_page.reload()
        ext_page.locator(
            "#journal-weeks li" if section == "record" else "#exceptions li"
        ).first.wait_for()
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


def test_the_sealed_record_its_gate_and_its_open_box_have_no_violations(
    ext: ExtBrowser, ext_page: Page
):
    ext.seed(PEOPLE)
    set_settings(ext, {"sealed_records": {"all": True, "people": []}})
    open_fixture(ext, ext_page, "https://x.com/home", "x/timeline.html")
    wait_for(
        lambda: ext.storage_get(["doc.records"]).get("doc.records", {}).get("records"), timeout=10
    )
    ext_page.goto(ext.ext_url("pages/options.html#sealed"))
    ext_page.get_by_text(msg("records_showAddresses")).click()
    assert violations(ext_page) == []
    ext_page.get_by_role("button", name=msg("records_open")).click()
    ext_page.get_by_role("dialog").wait_for()
    assert violations(ext_page) == []
    ext_page.get_by_role("button", name=msg("records_gateOpen")).click()
    ext_page.locator("#sealed-rows li").first.wait_for()
    assert violations(ext_page) == []
    set_settings(ext, {"sealed_records": {"all": False, "people": []}})
