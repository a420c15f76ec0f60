"""Messages: conversations, requests and pop-up chats with a listed person, and their choice.

Each site whose messaging markup the research knows (X, Bluesky, Mastodon, LinkedIn, Facebook,
Instagram, old Reddit) has a fixture page of its conversation list (tests/fixtures/<site>/
messages*.html) served at the real address, and, where the site has one, a page of one open
conversation at its own address. Their markers:

  data-test-message  their messages (a row, a request, a pop-up chat, the open conversation)
  data-test-person   theirs that is not a message (a post, a suggestion): hidden whatever the choice
  data-test-keep     everyone else's, lookalike handles included

The person's message choice decides what data-test-message means. With "hide their messages too"
(the default) it is served as data-test-person: never shown, never in a painted frame (the
harness's monitor); their open conversation goes to the interstitial. With "keep messages only" it
is served as data-test-keep: shown, while their posts stay hidden; their open conversation stays.
Cases: the list (rows, a request, a lookalike, their post), rows added after load, the open
conversation. The choice itself (through the options page) is tested last: keeping their messages
opens the reflection flow and changes nothing until the change is due and confirmed; hiding them
again is instant.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Playwright, Route, expect

from .devices import msg
from .harness import (
    FIXTURES_DIR,
    ExtBrowser,
    add_through_options,
    assert_never_visible,
    instances_browser,
    interstitial_reached,
    open_person,
    options_section,
    visible_markers,
    wait_for,
    wait_frames,
)

HOUR_MS = 3600 * 1000

PEOPLE = [
    {
        "label": "them",
        "accounts": [
            {"platform": "x", "handle": "abuser"},
            {"platform": "x", "id": "1234567890"},
            {"platform": "facebook", "handle": "abuser.name"},
            {"platform": "facebook", "id": "100012345678901"},
            {"platform": "instagram", "handle": "abuser"},
            {"platform": "reddit", "handle": "abuser"},
            {"platform": "linkedin", "handle": "abuser-slug"},
            {"platform": "linkedin", "id": "ACoAAB1234567"},
            {"platform": "bluesky", "handle": "abuser.bsky.social"},
            {"platform": "bluesky", "id": "did:plc:abuserdid000000000000000"},
            {"platform": "mastodon", "handle": "abuser@mastodon.social"},
        ],
    }
]

# site: (conversation list address, its fixture, open conversation address, its fixture)
SITES: dict[str, tuple[str, str, str | None, str | None]] = {
    "x": (
        "https://x.com/i/chat",
        "x/messages.html",
        "https://x.com/i/chat/1234567890-1790000000000000000",
        "x/messages-conversation.html",
    ),
    "bluesky": (
        "https://bsky.app/messages",
        "bluesky/messages.html",
        "https://bsky.app/messages/3kconvoabuser",
        "bluesky/messages-conversation.html",
    ),
    "mastodon": ("https://mastodon.social/conversations", "mastodon/messages.html", None, None),
    "linkedin": (
        "https://www.linkedin.com/messaging/",
        "linkedin/messages.html",
        "https://www.linkedin.com/messaging/thread/2-AbuserThread==/",
        "linkedin/messages-conversation.html",
    ),
    "facebook": (
        "https://www.facebook.com/messages/",
        "facebook/messages.html",
        "https://www.facebook.com/messages/e2ee/t/7450000000000001/",
        "facebook/messages-conversation.html",
    ),
    "instagram": (
        "https://www.instagram.com/direct/inbox/",
        "instagram/messages.html",
        "https://www.instagram.com/direct/t/340282366841710300949128/",
        "instagram/messages-conversation.html",
    ),
    "reddit": ("https://old.reddit.com/message/messages/", "reddit/messages-old.html", None, None),
}
NO_CONVERSATION = {
    "mastodon": "Mastodon has no conversation address: a row opens its last status, "
    "/@<author>/<id>, which is their page only when they wrote it (the profile rule's case)",
    "reddit": "old.reddit's message thread shows the messages themselves (the list case); "
    "Reddit Chat is drawn in shadow roots the engine does not read",
}
CHOICES = ("hide", "keep")
CASES = ("list", "late", "conversation")


@pytest.fixture(scope="module")
def ext(playwright: Playwright, engine: str) -> Iterator[ExtBrowser]:
    """One browser whose user added mastodon.social, with the person listed on every site."""
    with tempfile.TemporaryDirectory(prefix="nc-messages-") as tmp:
        browser = instances_browser(playwright, Path(tmp), ["mastodon.social"], engine=engine)
        try:
            browser.seed(PEOPLE)
            yield browser
        finally:
            browser.close()


def choose(ext: ExtBrowser, choice: str) -> None:
    """Set the person's message choice in the list (as an applied change would) and wait until the
    match index says so."""
    doc = ext.storage_get(["doc.blocklist"])["doc.blocklist"]
    for person in doc["people"].values():
        person["messages"] = {"value": choice, "ts": int(time.time() * 1000), "device": "test"}
    ext.storage_set({"doc.blocklist": doc})

    def indexed() -> bool:
        slot = ext.storage_get(["matchIndex"])["matchIndex"]["platforms"]["x"]
        return ("abuser" in slot.get("keepMessagesHandles", [])) == (choice == "keep")

    wait_for(indexed)


def serve(ext: ExtBrowser, url: str, fixture: str, choice: str) -> None:
    """Serve the fixture at ``url``'s site, their messages marked for the choice (see above)."""
    origin = re.match(r"^https?://[^/]+", url)
    assert origin, url
    mark = "data-test-person=" if choice == "hide" else "data-test-keep="
    body = (FIXTURES_DIR / fixture).read_text().replace("data-test-message=", mark)

    def handle(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    ext.context.route(origin.group(0) + "/**", handle)


def check_shown(ext: ExtBrowser, page: Page) -> None:
    """Nothing marked theirs is seen, everything marked keep is, and no frame painted theirs."""
    theirs, hidden = visible_markers(page)
    assert theirs == set(), f"theirs is visible: {sorted(theirs)}"
    assert hidden == set(), f"someone else's is not visible: {sorted(hidden)}"
    assert_never_visible(ext, page)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("choice", CHOICES)
@pytest.mark.parametrize("site", list(SITES))
def test_messages(ext: ExtBrowser, ext_page: Page, site: str, choice: str, case: str):
    list_url, list_fixture, conversation_url, conversation_fixture = SITES[site]
    if case == "conversation" and conversation_url is None:
        pytest.skip(NO_CONVERSATION[site])
    choose(ext, choice)
    ext.monitor.clear()
    if case == "conversation":
        assert conversation_url and conversation_fixture
        serve(ext, conversation_url, conversation_fixture, choice)
        ext_page.goto(conversation_url)
        if choice == "hide":
            interstitial_reached(ext, ext_page)
            assert ext.monitor.bad_frames == [], ext.monitor.bad_frames[:3]
            return
        wait_frames(ext_page, 3)
        assert ext_page.url == conversation_url
        check_shown(ext, ext_page)
        return
    serve(ext, list_url, list_fixture, choice)
    ext_page.goto(list_url)
    wait_frames(ext_page, 3)
    counts = ext_page.evaluate(
        """() => [document.querySelectorAll("[data-test-person]").length,
                  document.querySelectorAll("[data-test-keep]").length]"""
    )
    assert counts[0] > 0 and counts[1] > 0, f"{list_fixture} has nothing to check"
    if case == "late":
        ext_page.evaluate("fixture.addLate()")
        wait_frames(ext_page, 3)
    assert ext_page.url == list_url
    check_shown(ext, ext_page)


def test_keeping_messages_goes_through_the_flow_hiding_them_again_is_instant(ext_fresh):
    ext = ext_fresh
    options = ext.new_page()
    options.goto(ext.ext_url("pages/options.html"))
    assert add_through_options(options, "https://x.com/abuser", "Them") == msg("options_added")

    def kept() -> list[str]:
        slot = ext.storage_get(["matchIndex"])["matchIndex"]["platforms"]["x"]
        return slot.get("keepMessagesHandles", [])

    def register() -> dict | None:
        doc = ext.storage_get(["doc.blocklist"])["doc.blocklist"]
        return next(iter(doc["people"].values())).get("messages")

    open_person(options, "Them")
    hide = options.get_by_label(msg("options_messagesHide"))
    keep = options.get_by_label(msg("options_messagesKeep"))
    expect(hide).to_be_checked()
    with ext.context.expect_page() as opened:
        keep.click()
    flow = opened.value
    flow.wait_for_load_state()
    expected = msg("reflect_what_keep_messages").replace("$NAME$", "Them")
    expect(flow.locator("#reflect-what")).to_have_text(expected)
    # Nothing has changed: the choice on the page, the document and the index are as they were.
    expect(hide).to_be_checked()
    assert register() is None and kept() == []

    # Going ahead schedules it (the flow's pause is tested in test_reflection.py); it waits.
    scheduled = options.evaluate(
        """async () => {
          const { people } = await chrome.runtime.sendMessage({ type: "list.get" });
          const action = { type: "keep_messages", person: people[0].id };
          await chrome.storage.session.set({ "reflect.messagestest": { action } });
          const message = { type: "reflect.schedule", id: "messagestest", motive: "practical" };
          const answer = await chrome.runtime.sendMessage(message);
          const { pending } = await chrome.runtime.sendMessage({ type: "pending.list" });
          const early = await chrome.runtime.sendMessage(
            { type: "pending.apply", id: pending[0].id, confirmed: true });
          return { answer, pending, early };
        }"""
    )
    assert scheduled["answer"]["ok"] is True
    assert [p["type"] for p in scheduled["pending"]] == ["keep_messages"]
    assert scheduled["early"] == {"ok": False, "error": "reflect_notYet"}
    assert register() is None and kept() == []
    options_section(ext, options, "waiting")
    expect(options.get_by_text("Keep Them's messages reachable", exact=False)).to_be_visible()

    # A day later it is confirmed once more and applied: their messages stay reachable.
    ext.sw.evaluate(f"chrome.storage.session.set({{testClockOffsetMs: {25 * HOUR_MS}}})")
    options_section(ext, options, "waiting")
    options.get_by_role("button", name=msg("options_pendingApply")).click()
    dialog = options.get_by_role("dialog")
    dialog.get_by_role("textbox").fill(msg("confirm_phrase"))
    dialog.get_by_role("button", name=msg("confirm_go")).click()
    wait_for(lambda: kept() == ["abuser"], page=options)
    assert (register() or {}).get("value") == "keep"
    index = ext.storage_get(["matchIndex"])["matchIndex"]["platforms"]["x"]
    assert index["handles"] == ["abuser"], "everything else of theirs stays hidden"

    # Hiding their messages again is instant, no flow.
    options.goto(ext.ext_url("pages/options.html"))
    open_person(options, "Them")
    expect(options.get_by_label(msg("options_messagesKeep"))).to_be_checked()
    pages_before = len(ext.context.pages)
    options.get_by_label(msg("options_messagesHide")).check()
    wait_for(lambda: kept() == [], page=options)
    assert (register() or {}).get("value") == "hide"
    expect(options.locator("#people-status")).to_have_text(msg("options_messagesHidden"))
    assert len(ext.context.pages) == pages_before
