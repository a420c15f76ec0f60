"""Adding from the page: the toolbar popup on a profile, and the "Add to No Contact" menu item.

Native menus and the real popup cannot be automated: the popup page is opened as a tab told which
tab it acts on, and the menu's click handler is called in the service worker as the browser would.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from .harness import ExtBrowser, interstitial_reached, wait_for

MESSAGES = json.loads(
    (Path(__file__).parents[2] / "extension/_locales/en/messages.json").read_text()
)


def listed_keys(ext: ExtBrowser) -> list[str]:
    """Return the account keys of everyone on the list."""
    doc = ext.storage_get(["doc.blocklist"]).get("doc.blocklist") or {"people": {}}
    return sorted(k for p in doc["people"].values() for k in p["accounts"])


def options_tab(ext: ExtBrowser) -> Page | None:
    """The tab showing the options page, if one does."""
    ext.sw.evaluate("0")  # lets the browser's news (a tab's new address) reach Playwright
    return next((p for p in ext.context.pages if p.url.endswith("pages/options.html")), None)


def tab_id(ext: ExtBrowser, url_prefix: str) -> int:
    """Return the browser's id of the tab showing url_prefix."""
    return ext.sw.evaluate(
        """async (prefix) =>
          (await chrome.tabs.query({})).find(t => (t.url || "").startsWith(prefix)).id""",
        url_prefix,
    )


def test_hide_this_person_from_the_popup_on_their_profile(ext_clean: ExtBrowser):
    ext = ext_clean
    profile = ext.new_page()
    ext.serve("https://x.com/**", {"*": "harness/visible.html"})
    profile.goto("https://x.com/abuser")
    popup = ext.new_page()
    popup.goto(ext.ext_url(f"pages/popup.html?tab={tab_id(ext, 'https://x.com/abuser')}"))
    expect(popup.locator("#summary")).to_have_text("Protection is on. 0 people hidden.")
    popup.get_by_role("button", name=MESSAGES["popup_hide"]["message"]).click()
    expect(popup.locator("#result")).to_have_text(MESSAGES["popup_hidden"]["message"])
    assert listed_keys(ext) == ["x:h:abuser"]
    # The page they were looking at reloads and their profile is gone.
    interstitial_reached(ext, profile)


def test_the_popup_offers_nothing_on_a_page_that_is_not_a_profile(ext_clean: ExtBrowser):
    ext = ext_clean
    page = ext.new_page()
    ext.serve("https://x.com/**", {"*": "harness/visible.html"})
    page.goto("https://x.com/home")
    popup = ext.new_page()
    popup.goto(ext.ext_url(f"pages/popup.html?tab={tab_id(ext, 'https://x.com/home')}"))
    expect(popup.locator("#summary")).not_to_be_empty()
    expect(popup.get_by_role("button", name=MESSAGES["popup_hide"]["message"])).to_be_hidden()


def test_the_context_menu_adds_the_linked_person_and_refuses_other_links(ext_clean: ExtBrowser):
    ext = ext_clean
    answer = ext.call_background(
        "ncMenuClick",
        {"linkUrl": "https://www.reddit.com/user/SomeOne/", "pageUrl": "https://x.com/home"},
    )
    assert answer == {"ok": True}
    wait_for(lambda: listed_keys(ext) == ["reddit:h:someone"])
    # The options page opened (Chromium may open it in the empty tab), showing them; the user
    # looks at it, then right-clicks again.
    options = wait_for(lambda: options_tab(ext))
    expect(options.locator("#person-0")).to_have_text("@SomeOne")
    refused = ext.call_background("ncMenuClick", {"pageUrl": "https://www.reddit.com/r/aww/"})
    assert refused == {"ok": False, "error": "options_notAProfile"}
    assert listed_keys(ext) == ["reddit:h:someone"]
    # The page already open is brought back and says why nothing was added.
    assert options_tab(ext) is options
    assert [p for p in ext.context.pages if p.url.endswith("pages/options.html")] == [options]
    expect(options.locator("#add-status")).to_have_text(
        MESSAGES["options_notAProfile"]["message"], timeout=5000
    )
