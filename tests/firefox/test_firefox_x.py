"""Firefox ESR with the extension: add a person on the options page, then X never shows them."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from .bidi import EXTENSION_ORIGIN, Firefox

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TIMELINE = (FIXTURES / "x/timeline.html").read_text()
BLOCKED = (FIXTURES / "x/blocked.html").read_text()
PLAIN = (FIXTURES / "harness/visible.html").read_text()
MESSAGES = json.loads((FIXTURES.parents[1] / "extension/_locales/en/messages.json").read_text())


def page_for(url: str) -> str:
    """The fixture page served at an x.com address."""
    if url.endswith("/home"):
        return TIMELINE
    return BLOCKED if "/settings/blocked" in url else PLAIN


# Person markers shown, keep markers hidden by us: both must be empty.
MARKERS = """(() => {
  const seen = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 &&
      el.checkVisibility({opacityProperty: true, visibilityProperty: true}); };
  const person = [...document.querySelectorAll("[data-test-person]")].filter(seen)
    .map(e => e.dataset.testPerson);
  const keep = [...document.querySelectorAll("[data-test-keep]")]
    .filter(e => e.closest("[data-nc-hidden]")).map(e => e.dataset.testKeep);
  return {person, keep, total: document.querySelectorAll("[data-test-person]").length};
})()"""


@pytest.fixture(scope="module")
def listed(firefox: Firefox) -> tuple[Firefox, str]:
    """Serve X's fixtures and add the person the way a user does, on the options page."""
    firefox.route("x.com", lambda url: (200, "text/html", page_for(url)))
    tab = firefox.new_tab()
    firefox.navigate(tab, f"{EXTENSION_ORIGIN}/pages/options.html", wait="none")
    # The page's module has run once the site list is filled.
    firefox.wait_for(tab, "document.querySelectorAll('#add-site option').length > 1")
    status = firefox.evaluate(
        tab,
        """(async () => {
          document.querySelector('#add-input').value = 'https://x.com/abuser';
          document.querySelector('#add-name').value = 'Them';
          document.querySelector('#add-form').requestSubmit();
          for (let i = 0; i < 100 && !document.querySelector('#add-status').textContent; i++)
            await new Promise(r => setTimeout(r, 50));
          return document.querySelector('#add-status').textContent;
        })()""",
    )
    assert status == MESSAGES["options_added"]["message"]
    firefox.wait_for(
        tab,
        """browser.storage.local.get('matchIndex')
            .then(r => (r.matchIndex?.platforms?.x?.handles || []).includes('abuser'))""",
    )
    return firefox, tab


def test_their_posts_are_hidden_and_everyone_else_stays(listed):
    firefox, tab = listed
    firefox.navigate(tab, "https://x.com/home")
    firefox.wait_for(tab, "document.querySelectorAll('[data-test-person]').length > 0")
    state = firefox.evaluate(tab, MARKERS)
    # The one cell naming them only by numeric id cannot be matched from a handle.
    assert state["person"] == ["x-usercell-by-id"]
    assert state["keep"] == []
    assert state["total"] > 3


def test_a_post_inserted_later_is_hidden(listed):
    firefox, tab = listed
    firefox.navigate(tab, "https://x.com/home")
    firefox.wait_for(tab, "typeof fixture !== 'undefined'")
    firefox.evaluate(
        tab, """fixture.row(fixture.post('abuser', 'late', 'data-test-person="x-late"'))"""
    )
    hidden = firefox.wait_for(
        tab,
        """(() => { const el = document.querySelector('[data-test-person="x-late"]');
                    return el && !el.checkVisibility(); })()""",
    )
    assert hidden is True


def test_a_full_load_of_their_profile_lands_on_the_interstitial(listed):
    firefox, tab = listed
    firefox.navigate(tab, "https://x.com/abuser", wait="none")
    url = firefox.wait_for(
        tab,
        "location.href.includes('interstitial.html') && document.readyState === 'complete'"
        " && location.href",
    )
    assert url.startswith(EXTENSION_ORIGIN)
    assert "abuser" not in url.lower()
    title = firefox.evaluate(tab, "document.title")
    assert "abuser" not in title.lower() and title == "No Contact"


def flow_tabs(firefox: Firefox) -> list[str]:
    """Return the tabs showing the reflection flow."""
    tree = firefox.bidi.send("browsingContext.getTree", {})["contexts"]
    return [c["context"] for c in tree if "/pages/reflection.html#" in c["url"]]


def test_their_unblock_on_the_blocked_list_never_reaches_x_and_opens_the_flow(listed):
    firefox, tab = listed
    firefox.navigate(tab, "https://x.com/settings/blocked/all")
    firefox.wait_for(tab, "Array.isArray(window.unblocked)")
    before = flow_tabs(firefox)
    firefox.evaluate(tab, "document.querySelector('[data-testid=\"1234567890-unblock\"]').click()")
    deadline = time.monotonic() + 10
    while len(flow_tabs(firefox)) == len(before) and time.monotonic() < deadline:
        time.sleep(0.1)
    opened = [t for t in flow_tabs(firefox) if t not in before]
    assert len(opened) == 1, "the reflection flow opened in a tab of its own"
    expected = MESSAGES["reflect_what_site_unblock"]["message"]
    text = firefox.wait_for(opened[0], "document.querySelector('#reflect-what')?.textContent")
    assert text == expected.replace("$SITE$", "X (Twitter)").replace("$NAME$", "Them")
    firefox.bidi.send("browsingContext.close", {"context": opened[0]})
    assert firefox.evaluate(tab, "window.unblocked") == []
    # Someone else's Unblock works as on X, with a real click.
    firefox.click(tab, '[data-testid="5550001-unblock"]')
    assert firefox.wait_for(tab, "window.unblocked.length && window.unblocked") == [
        "5550001-unblock"
    ]


def test_look_anyway_after_a_full_load_knows_whom_the_page_stands_for(listed):
    firefox, tab = listed
    firefox.navigate(tab, "https://x.com/abuser", wait="none")
    firefox.wait_for(
        tab, "location.href.includes('interstitial.html') && document.readyState === 'complete'"
    )
    firefox.click(tab, "#look-anyway")
    firefox.wait_for(tab, "location.href.includes('/pages/reflection.html#')")
    text = firefox.wait_for(tab, "document.querySelector('#reflect-what')?.textContent")
    expected = MESSAGES["reflect_what_look_anyway"]["message"]
    assert text == expected.replace("$SITE$", "X (Twitter)").replace("$NAME$", "Them")
    assert "abuser" not in firefox.url(tab).lower()
