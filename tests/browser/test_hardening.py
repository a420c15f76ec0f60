"""Hardening the extension (issue 15): a damaged saved list is brought back from its last good copy
and the user is told calmly; a site finds no fixed marker of the extension in its page, and a site
off the list cannot load the interstitial."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page

from .harness import ExtBrowser, blocklist_document, open_fixture, visible_markers, wait_for

MESSAGES = json.loads(
    (Path(__file__).parents[2] / "extension/_locales/en/messages.json").read_text()
)
PEOPLE = [{"label": "Kept Safe", "accounts": [{"platform": "x", "handle": "abuser"}]}]
TIMELINE = "x/timeline.html"
X_PEOPLE = [
    {
        "label": "them",
        "accounts": [{"platform": "x", "handle": "abuser"}, {"platform": "x", "id": "1234567890"}],
    }
]


def test_a_damaged_list_is_brought_back_and_the_user_told(ext_clean: ExtBrowser):
    ext = ext_clean
    good = blocklist_document(PEOPLE)
    ext.storage_set({"doc.blocklist": good, "lastGood.blocklist": good})
    # Storage hands back something that is no list at all.
    ext.storage_set({"doc.blocklist": '{"format": 1, "people": {'})
    page = ext.new_page()
    page.goto(ext.ext_url("pages/options.html"))
    notice = page.locator(".restored-notice")
    notice.wait_for()
    assert MESSAGES["restored_notice"]["message"] in notice.inner_text()
    assert "Kept Safe" in page.locator("#people").inner_text()
    stored = ext.storage_get(["doc.blocklist", "lastGood.blocklist", "damaged.blocklist"])
    assert stored["doc.blocklist"] == good and stored["lastGood.blocklist"] == good
    assert stored["damaged.blocklist"] == '{"format": 1, "people": {'
    # The content scripts' index follows the restored list.
    wait_for(lambda: "abuser" in json.dumps(ext.storage_get(["matchIndex"]).get("matchIndex")))
    # The popup says it too, until the user says they have seen it.
    popup = ext.new_page()
    popup.goto(ext.ext_url("pages/popup.html"))
    popup.locator(".restored-notice").wait_for()
    popup.get_by_role("button", name=MESSAGES["restored_dismiss"]["message"]).click()
    wait_for(lambda: "restoredFromLastGood" not in ext.storage_get(["restoredFromLastGood"]))
    page.reload()
    page.locator("#people").wait_for()
    page.wait_for_timeout(300)
    assert page.locator(".restored-notice").count() == 0


def test_a_site_finds_no_fixed_marker_of_the_extension(ext_clean: ExtBrowser):
    ext = ext_clean
    ext.seed(X_PEOPLE)
    names = []
    for _ in range(2):
        page: Page = ext.new_page()
        open_fixture(ext, page, "https://x.com/home", TIMELINE)
        shown, hidden = visible_markers(page)
        assert shown == set() and hidden == set()
        probe = page.evaluate(
            """() => ({
              old: document.querySelectorAll(
                '[data-nc-hidden], [data-nc-wait], [data-nc-cover]').length,
              named: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes])
                .map(a => a.name).filter(n => n.startsWith('data-nc')),
              // What the extension hid: a person's item with no box, and its mark's name.
              marks: [...document.querySelectorAll('[data-test-person]')]
                .filter(el => !el.checkVisibility())
                .flatMap(el => { for (let n = el; n; n = n.parentElement)
                  if (getComputedStyle(n).display === 'none')
                    return [...n.attributes].map(a => a.name);
                  return []; })
                .filter(n => /^data-[a-z][a-z0-9]{9}$/.test(n)),
              sheets: [...document.styleSheets].filter(s => !s.href && !s.ownerNode).length,
              adopted: document.adoptedStyleSheets.length,
            })"""
        )
        assert probe["old"] == 0 and probe["named"] == [], probe
        assert probe["marks"] and len(set(probe["marks"])) == 1, probe
        assert probe["sheets"] == 0 and probe["adopted"] == 0, probe
        names.append(probe["marks"][0])
        page.close()
    assert names[0] != names[1], "the mark's name must be new on every page"


def test_no_site_can_probe_for_the_extension_by_loading_the_interstitial(ext_clean: ExtBrowser):
    # Chromium: web-accessible to no site at all (its build has no web_accessible_resources,
    # scripts/browser_manifests.py), so a supported site cannot load it at the extension's fixed
    # address either. Firefox: only to the supported sites, whose redirect rules need it, at an
    # address random on every install; a site off the list cannot load it.
    ext = ext_clean
    probes = ["https://probe.example/"]
    if ext.engine == "chromium":
        probes.append("https://x.com/")
    ext.serve("https://probe.example/**", {"*": "harness/visible.html"})
    ext.serve("https://x.com/**", {"*": "harness/visible.html"})
    page = ext.new_page()
    for site in probes:
        page.goto(site)
        loaded = page.evaluate(
            """(url) => fetch(url).then(() => true, () => false)""",
            ext.ext_url("pages/interstitial.html"),
        )
        assert loaded is False, f"{site} could load the interstitial"
