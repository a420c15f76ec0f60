"""The mobile layouts people meet on a phone (issue 16, part 3), in a browser that is a phone: a
phone's viewport and Firefox for Android's user agent (``harness.FIREFOX_ANDROID``), in each engine.

Each layout is a fixture under tests/fixtures/mobile/ built from the real markup public code reads
(sources and confidence in its comment and in the site file): m.youtube.com's ``ytm-*`` home feed
and a watch page's comments, m.facebook.com's MTouch feed, and x.com, www.reddit.com, bsky.app and a
Mastodon instance at a phone's width. Every layout has the person's post, a repost or share of
theirs, a comment or reply by them (where the site shows one in that view), someone else's post,
a lookalike handle, an item the page adds a moment after load, and the next page an infinite
scroll appends. What is checked is what the user would notice: no frame ever shows the person, no
one else is hidden, and what arrives later is hidden before it paints. Two more: their own watch
page on m.youtube.com, and an MTouch feed of mostly unlinked posts, which must not make the health
self-check call m.facebook.com changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, Playwright

from .harness import (
    FIREFOX_ANDROID,
    ExtBrowser,
    add_instance_through_options,
    assert_never_visible,
    extension_copy,
    open_fixture,
    options_section,
    visible_markers,
    wait_frames,
)
from .sites_common import markers

PEOPLE = [
    {
        "label": "them",
        "accounts": [
            {"platform": "youtube", "handle": "TheirChannel"},
            {"platform": "youtube", "id": "UCabcdefghijklmnopqrstuv"},
            {"platform": "facebook", "handle": "abuser.name"},
            {"platform": "facebook", "id": "100012345678901"},
            {"platform": "x", "handle": "abuser"},
            {"platform": "x", "id": "1234567890"},
            {"platform": "reddit", "handle": "abuser"},
            {"platform": "reddit", "id": "t2_abu5e"},
            {"platform": "bluesky", "handle": "abuser.bsky.social"},
            {"platform": "bluesky", "id": "did:plc:abuserdid000000000000000"},
            {"platform": "mastodon", "handle": "abuser@mastodon.social"},
        ],
    }
]
INSTANCE = "mastodon.social"


@dataclass(frozen=True)
class Layout:
    """One site's mobile page: where it is served, its fixture, and its markers."""

    url: str
    fixture: str
    person: frozenset[str]
    keep: frozenset[str]
    # The markers of what the page adds a moment after load (theirs, someone else's) and of the
    # next page its infinite scroll appends (theirs, someone else's).
    late: tuple[str, str]
    more: tuple[str, str]


def layout(url: str, fixture: str, prefix: str, person: str, keep: str, item: str) -> Layout:
    """A layout whose markers all start with ``prefix`` (space-separated names without it); the
    items added after load are ``<prefix>-late-<item>`` and ``<prefix>-more-<item>`` (theirs) and
    ``<prefix>-late-friend`` and ``<prefix>-more-friend`` (someone else's)."""
    words = lambda names: frozenset(f"{prefix}-{n}" for n in names.split())  # noqa: E731
    return Layout(
        url,
        fixture,
        words(person),
        words(keep),
        (f"{prefix}-late-{item}", f"{prefix}-late-friend"),
        (f"{prefix}-more-{item}", f"{prefix}-more-friend"),
    )


LAYOUTS = {
    "m.youtube.com-home": layout(
        "https://m.youtube.com/",
        "mobile/youtube-home.html",
        "ytmh",
        "video video-by-id community-post channel",
        "friend-video lookalike-2 lookalike-prefix community-mention",
        "video",
    ),
    "m.youtube.com-watch-comments": layout(
        "https://m.youtube.com/watch?v=FRIENDVID01",
        "mobile/youtube-watch.html",
        "ytmw",
        "related comment reply-under-theirs reply reply-by-id",
        "related-other friend-thread friend-reply mention lookalike own",
        "comment",
    ),
    "m.facebook.com-feed": layout(
        "https://m.facebook.com/",
        "mobile/facebook-feed.html",
        "fbm",
        "post post-by-id share",
        "friend mention lookalike longer-id",
        "post",
    ),
    "x.com-phone": layout(
        "https://x.com/home",
        "mobile/x-home.html",
        "xm",
        "post repost-of-theirs reply quoted",
        "friend reply-to-them lookalike-abuser2 lookalike-notabuser own",
        "post",
    ),
    "reddit-phone": layout(
        "https://www.reddit.com/",
        "mobile/reddit-home.html",
        "rm",
        "post crosspost comment reply",
        "friend lookalike friend-comment friend-reply",
        "post",
    ),
    "bluesky-phone": layout(
        "https://bsky.app/",
        "mobile/bluesky-home.html",
        "bm",
        "post repost-of-theirs quote reply",
        "friend lookalike thread-root",
        "post",
    ),
    "mastodon-phone": layout(
        f"https://{INSTANCE}/home",
        "mobile/mastodon-home.html",
        "mm",
        "post boost-of-theirs reply",
        "friend lookalike-remote lookalike-2",
        "status",
    ),
}


@pytest.fixture(scope="module")
def phone(playwright: Playwright, engine: str) -> Iterator[ExtBrowser]:
    """One phone for the module: the extension in a browser with Firefox for Android's viewport and
    user agent, whose user added the Mastodon instance (on the options page, as on a phone) and
    listed the person on every site here."""
    with tempfile.TemporaryDirectory(prefix=f"nc-phone-{engine}-") as tmp:
        folder = Path(tmp)
        copy = extension_copy(folder, [f"https://{INSTANCE}/*"])
        profile = str(folder / "profile")
        browser = ExtBrowser(
            playwright, profile, extension=copy, engine=engine, phone=FIREFOX_ANDROID
        )
        try:
            browser.find_sw()
            page = browser.new_page()
            options_section(browser, page, "sites")
            answer = add_instance_through_options(page, INSTANCE)
            assert answer.startswith("Added "), answer
            page.close()
            browser.seed(PEOPLE)
            yield browser
        finally:
            browser.close()


@pytest.fixture
def phone_page(phone: ExtBrowser) -> Iterator[Page]:
    """A new tab on the phone, closed after the test; monitor reports start empty."""
    phone.monitor.clear()
    page = phone.new_page()
    try:
        yield page
    finally:
        page.close()


def assert_clean(page: Page) -> None:
    """Nothing of the person is shown and nobody else was hidden."""
    shown, hidden = visible_markers(page)
    assert shown == set(), f"the person is visible: {sorted(shown)}"
    assert hidden == set(), f"someone else was hidden: {sorted(hidden)}"


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_the_person_is_never_painted_on_the_phone_layout(
    phone: ExtBrowser, phone_page: Page, name: str
):
    case = LAYOUTS[name]
    page = phone_page
    open_fixture(phone, page, case.url, case.fixture)
    # The page is laid out for a phone and told it is one (the sites pick their mobile pages by it).
    width, agent = page.evaluate("[innerWidth, navigator.userAgent]")
    assert width == FIREFOX_ANDROID.width, width
    assert "Android" in agent and "Mobile" in agent, agent

    # Loaded, and what the page adds a moment later: theirs hidden before it paints.
    page.wait_for_selector(f'[data-test-keep="{case.late[1]}"]', state="attached")
    present = markers(page)
    expected = case.person | case.keep | set(case.late)
    assert expected <= present, f"fixture lacks {sorted(expected - present)}"
    wait_frames(page, 2)
    assert_clean(page)

    # The infinite scroll's next page (the page loads it when scrolled to its end; a page too
    # short to scroll is asked for it the way its scroll handler would).
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    wait_frames(page, 3)
    theirs, friend = case.more
    if page.locator(f'[data-test-keep="{friend}"]').count() == 0:
        page.evaluate("window.fixture.loadMore()")
    page.wait_for_selector(f'[data-test-keep="{friend}"]', state="attached")
    assert page.locator(f'[data-test-person="{theirs}"]').count() >= 1
    wait_frames(page, 2)
    assert_clean(page)
    assert_never_visible(phone, page)


def test_a_feed_of_mostly_unlinked_mtouch_posts_is_not_taken_for_a_changed_site(
    phone: ExtBrowser, phone_page: Page
):
    """Most MTouch posts name their author only as text, which no rule can read; they are no items,
    so the health self-check (8 s after an item page loads) does not call m.facebook.com changed."""
    phone.storage_set({"siteHealth": {}})
    page = phone_page
    page.bring_to_front()
    open_fixture(phone, page, "https://m.facebook.com/", "mobile/facebook-feed.html")
    page.evaluate("window.fixture.textOnly(16)")
    page.wait_for_timeout(9500)
    state = phone.storage_get(["siteHealth"]).get("siteHealth") or {}
    assert "facebook" not in state, state
    assert visible_markers(page) == (set(), set())


def test_their_own_watch_page_on_m_youtube_is_hidden_but_not_the_app_bars(
    phone: ExtBrowser, phone_page: Page
):
    page = phone_page
    open_fixture(
        phone, page, "https://m.youtube.com/watch?v=THEIRVID001", "mobile/youtube-theirs.html"
    )
    assert {"ytmt-watch-page", "ytmt-topbar", "ytmt-pivot-bar"} <= markers(page)
    assert_clean(page)
    assert_never_visible(phone, page)
