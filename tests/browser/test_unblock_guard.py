"""Every site's own Unblock control for a listed person: the press never reaches the site, the
reflection flow opens instead; for anyone else the site's control works untouched.

Blocked-list pages (X, Instagram, Facebook old and new, old and new Reddit, LinkedIn) are checked
as they are. Profile-header and profile-menu controls (X, Instagram, Bluesky, TikTok) are only ever
met during a confirmed look, because a listed profile is otherwise replaced by the interstitial:
those cases first start a look exception, which shows the person but keeps their Unblock guarded.
Mastodon's controls are checked in test_site_mastodon.py (its instances need their own browser).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from .devices import msg
from .harness import ExtBrowser, open_fixture, options_section, short_pause, visible_markers
from .unblock import (
    assert_press_opens_flow,
    assert_press_reaches_site,
    end_exceptions,
    grant_exception,
    reached,
)


@dataclass(frozen=True)
class Case:
    """One Unblock surface: its page, whom it lists, their control and someone else's."""

    name: str
    platform: str
    accounts: tuple[dict, ...]
    url: str
    fixture: str
    listed: str  # selector of the listed person's control
    other_url: str  # where someone else's control is (the same page for lists)
    other: str  # selector of someone else's control
    other_record: str  # what the site's handler records for it
    visible: bool  # whether the listed person's control can be seen (else their row is hidden)
    look: bool = False  # a profile control: met only during a confirmed look


def rec(name: str) -> str:
    return f'[data-record="{name}"]'


CASES = [
    Case(
        "x-blocked-list",
        "x",
        ({"platform": "x", "handle": "abuser"},),
        "https://x.com/settings/blocked/all",
        "x/blocked.html",
        '[data-testid="1234567890-unblock"]',
        "https://x.com/settings/blocked/all",
        '[data-testid="5550001-unblock"]',
        "5550001-unblock",
        visible=False,
    ),
    Case(
        "x-profile-header",
        "x",
        ({"platform": "x", "handle": "abuser"},),
        "https://x.com/abuser",
        "unblock/x-profile.html",
        "#unblock",
        "https://x.com/someone_else",
        "#unblock",
        "someone_else",
        visible=True,
        look=True,
    ),
    Case(
        "instagram-blocked-list",
        "instagram",
        ({"platform": "instagram", "handle": "abuser"},),
        "https://www.instagram.com/accounts/blocked_accounts/",
        "unblock/instagram-blocked.html",
        rec("abuser"),
        "https://www.instagram.com/accounts/blocked_accounts/",
        rec("friend_account"),
        "friend_account",
        visible=True,
    ),
    Case(
        "instagram-profile-header",
        "instagram",
        ({"platform": "instagram", "handle": "abuser"},),
        "https://www.instagram.com/abuser/",
        "unblock/instagram-profile.html",
        "#unblock",
        "https://www.instagram.com/friend_account/",
        "#unblock",
        "friend_account",
        visible=True,
        look=True,
    ),
    Case(
        "facebook-old-settings",
        "facebook",
        (
            {"platform": "facebook", "handle": "abuser.name"},
            {"platform": "facebook", "id": "100012345"},
        ),
        "https://www.facebook.com/settings?tab=blocking",
        "facebook/blocking.html",
        rec("old-abuser"),
        "https://www.facebook.com/settings?tab=blocking",
        rec("old-other"),
        "old-other",
        visible=False,
    ),
    Case(
        "facebook-new-settings",
        "facebook",
        (
            {"platform": "facebook", "handle": "abuser.name"},
            {"platform": "facebook", "id": "100012345"},
        ),
        "https://www.facebook.com/settings?tab=blocking",
        "facebook/blocking.html",
        rec("new-abuser"),
        "https://www.facebook.com/settings?tab=blocking",
        rec("new-other"),
        "new-other",
        visible=False,
    ),
    Case(
        "old-reddit-remove",
        "reddit",
        ({"platform": "reddit", "handle": "abuser"},),
        "https://old.reddit.com/prefs/blocked/",
        "reddit/blocked-old.html",
        rec("toggle-abuser"),
        "https://old.reddit.com/prefs/blocked/",
        rec("toggle-other"),
        "toggle-other",
        visible=False,
    ),
    Case(
        "old-reddit-confirm",
        "reddit",
        ({"platform": "reddit", "handle": "abuser"},),
        "https://old.reddit.com/prefs/blocked/",
        "reddit/blocked-old.html",
        rec("yes-abuser"),
        "https://old.reddit.com/prefs/blocked/",
        rec("toggle-other"),
        "toggle-other",
        visible=False,
    ),
    Case(
        "new-reddit-settings",
        "reddit",
        ({"platform": "reddit", "handle": "abuser"},),
        "https://www.reddit.com/settings/privacy",
        "unblock/reddit-settings.html",
        rec("abuser"),
        "https://www.reddit.com/settings/privacy",
        rec("spam_bot"),
        "spam_bot",
        visible=True,
    ),
    Case(
        "bluesky-profile-header",
        "bluesky",
        ({"platform": "bluesky", "handle": "abuser.bsky.social"},),
        "https://bsky.app/profile/abuser.bsky.social",
        "unblock/bluesky-profile.html",
        "#unblock",
        "https://bsky.app/profile/friend.bsky.social",
        "#unblock",
        "friend.bsky.social",
        visible=True,
        look=True,
    ),
    Case(
        "linkedin-settings",
        "linkedin",
        ({"platform": "linkedin", "handle": "abuser-slug"},),
        "https://www.linkedin.com/psettings/member-blocking",
        "linkedin/blocking.html",
        rec("abuser"),
        "https://www.linkedin.com/psettings/member-blocking",
        rec("other"),
        "other",
        visible=False,
    ),
    Case(
        "tiktok-profile-menu",
        "tiktok",
        ({"platform": "tiktok", "handle": "abuser"},),
        "https://www.tiktok.com/@abuser",
        "unblock/tiktok-profile.html",
        "#unblock",
        "https://www.tiktok.com/@someone_else",
        "#unblock",
        "someone_else",
        visible=True,
        look=True,
    ),
]
IDS = [case.name for case in CASES]


def prepare(ext: ExtBrowser, case: Case) -> None:
    """List the case's person; for a profile control, start a look at them."""
    end_exceptions(ext)
    ext.seed([{"label": "Them", "accounts": list(case.accounts)}])
    if case.look:
        grant_exception(ext, case.platform, "look_anyway")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_their_unblock_opens_the_flow_and_never_reaches_the_site(
    ext: ExtBrowser, ext_page, case: Case
):
    prepare(ext, case)
    open_fixture(ext, ext_page, case.url, case.fixture)
    assert ext_page.locator(case.listed).is_visible() == case.visible
    how = "mouse" if case.visible else "script"
    assert_press_opens_flow(ext, ext_page, case.listed, how, "Them", case.platform)
    if case.other_url != case.url:
        open_fixture(ext, ext_page, case.other_url, case.fixture)
    assert_press_reaches_site(ext_page, case.other, case.other_record)
    end_exceptions(ext)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.visible], ids=[c.name for c in CASES if c.visible]
)
def test_enter_on_their_unblock_is_stopped_too(ext: ExtBrowser, ext_page, case: Case):
    prepare(ext, case)
    open_fixture(ext, ext_page, case.url, case.fixture)
    assert_press_opens_flow(ext, ext_page, case.listed, "keyboard", "Them", case.platform)
    end_exceptions(ext)


def test_other_controls_of_a_blocked_list_page_keep_working(ext: ExtBrowser, ext_page):
    # Blocking someone new, and going back, are not about the person: never interrupted.
    ext.seed([{"label": "Them", "accounts": [{"platform": "facebook", "id": "100012345"}]}])
    open_fixture(
        ext, ext_page, "https://www.facebook.com/settings?tab=blocking", "facebook/blocking.html"
    )
    assert_press_reaches_site(ext_page, '[data-record="block"]', "block")
    ext.seed([{"label": "Them", "accounts": [{"platform": "instagram", "handle": "abuser"}]}])
    open_fixture(
        ext,
        ext_page,
        "https://www.instagram.com/accounts/blocked_accounts/",
        "unblock/instagram-blocked.html",
    )
    assert_press_reaches_site(ext_page, '[data-record="back"]', "back")


# One case per blocked-list page whose rows are hidden (pages under unblock/ show the person).
LIST_PAGES = list({c.url: c for c in CASES if not c.fixture.startswith("unblock/")}.values())


@pytest.mark.parametrize("case", LIST_PAGES, ids=lambda c: c.name)
def test_their_rows_on_blocked_lists_are_hidden_and_others_stay(ext: ExtBrowser, ext_page, case):
    ext.seed([{"label": "Them", "accounts": list(case.accounts)}])
    open_fixture(ext, ext_page, case.url, case.fixture)
    assert visible_markers(ext_page) == (set(), set())


def test_once_a_site_unblock_has_been_confirmed_their_control_works(ext: ExtBrowser, ext_page):
    case = CASES[0]
    ext.seed([{"label": "Them", "accounts": list(case.accounts)}])
    grant_exception(ext, "x", "site_unblock")
    open_fixture(ext, ext_page, case.url, case.fixture)
    # For that hour their row is shown, so the user can find it, and X's own button works.
    assert ext_page.locator(case.listed).is_visible()
    assert_press_reaches_site(ext_page, case.listed, "1234567890-unblock")
    assert reached(ext_page) == ["1234567890-unblock"]
    end_exceptions(ext)


def test_during_a_look_their_page_shows_but_their_unblock_stays_guarded(ext: ExtBrowser, ext_page):
    case = CASES[1]
    prepare(ext, case)
    open_fixture(ext, ext_page, case.url, case.fixture)
    assert ext_page.url == "https://x.com/abuser", "a confirmed look shows their page"
    assert_press_opens_flow(ext, ext_page, "#unblock", "mouse", "Them", "x")
    end_exceptions(ext)


def test_going_ahead_with_a_site_unblock_waits_then_lets_it_work_for_an_hour(ext_clean: ExtBrowser):
    ext = ext_clean
    case = CASES[0]
    ext.seed([{"label": "Them", "accounts": list(case.accounts)}])
    short_pause(ext)  # the pause itself is test_reflection.py's
    page = ext.new_page()
    open_fixture(ext, page, case.url, case.fixture)
    with ext.context.expect_page() as opened:
        page.locator(case.listed).evaluate("el => el.click()")
    flow = opened.value
    expect(flow.get_by_role("heading", name=msg("reflect_question"))).to_be_visible(timeout=15000)
    flow.get_by_label(msg("reflect_motivePractical")).check()
    expect(flow.locator("#reframe")).to_have_text(msg("reflect_reframePractical"))
    flow.get_by_role("button", name="I still want this: do it in 24 hours").click()
    expect(flow.locator("#done")).to_contain_text("Scheduled")
    flow.close()
    # Until the wait is over, their Unblock stays stopped.
    page.reload()
    assert_press_opens_flow(ext, page, case.listed, "script", "Them", "x")

    ext.sw.evaluate(f"chrome.storage.session.set({{testClockOffsetMs: {25 * 3600 * 1000}}})")
    options = ext.new_page()
    options_section(ext, options, "waiting")
    expect(
        options.get_by_text("Use X (Twitter)'s own Unblock for Them", exact=False)
    ).to_be_visible()
    options.get_by_role("button", name=msg("options_pendingApply")).click()
    dialog = options.get_by_role("dialog")
    dialog.get_by_role("textbox").fill(msg("confirm_phrase"))
    dialog.get_by_role("button", name=msg("confirm_go")).click()
    expect(options.locator("#pending-status")).to_contain_text(
        "you can use X (Twitter)'s own Unblock for Them"
    )
    page.reload()
    assert page.locator(case.listed).is_visible(), "their row is shown for the hour"
    assert_press_reaches_site(page, case.listed, "1234567890-unblock")
