"""Checks shared by the site tests of Facebook, Instagram, TikTok, LinkedIn, Threads and Mastodon.

Each site test module describes its fixture pages (what is the person's, what must stay) and calls
these; they assert what the user would notice: the person's items are not shown in any frame,
nobody else's are hidden, and their profile is never shown.
"""

from __future__ import annotations

from playwright.sync_api import Page

from .harness import (
    EXTENSION_SCHEMES,
    ExtBrowser,
    assert_never_visible,
    interstitial_reached,
    open_fixture,
    visible_markers,
    wait_frames,
)


def markers(page: Page) -> set[str]:
    """Return every person and keep marker on the page."""
    return set(
        page.eval_on_selector_all(
            "[data-test-person], [data-test-keep]",
            "els => els.map(e => e.getAttribute('data-test-person') || e.dataset.testKeep)",
        )
    )


def assert_page_clean(
    ext: ExtBrowser,
    page: Page,
    url: str,
    fixture: str | dict,
    person: set[str],
    keep: set[str],
    settle_marker: str | None = None,
) -> None:
    """Open ``fixture`` at ``url``: every ``person`` item hidden, every ``keep`` item shown."""
    open_fixture(ext, page, url, fixture)
    if settle_marker:
        page.wait_for_selector(f'[data-test-keep="{settle_marker}"]', state="attached")
    present = markers(page)
    assert person | keep <= present, f"fixture lacks {sorted((person | keep) - present)}"
    shown, hidden = visible_markers(page)
    assert shown == set(), f"the person is visible: {sorted(shown)}"
    assert hidden == set(), f"someone else was hidden: {sorted(hidden)}"
    assert_never_visible(ext, page)


def assert_burst_hidden(ext: ExtBrowser, page: Page, script: str, count: int = 20) -> None:
    """Run ``script`` (adding one item of the person) ``count`` times in one task; none shows."""
    page.evaluate(f"() => {{ for (let i = 0; i < {count}; i++) {{ {script}; }} }}")
    wait_frames(page, 3)
    shown, hidden = visible_markers(page)
    assert shown == set() and hidden == set(), (shown, hidden)
    assert_never_visible(ext, page)


def assert_spa_interstitial(ext: ExtBrowser, page: Page, path: str, secret: str) -> None:
    """In-app navigation to ``path`` (their profile) lands on the interstitial, never painted."""
    page.evaluate("(p) => fixture.navigate(p)", path)
    url = interstitial_reached(ext, page)
    assert secret.lower() not in url.lower()
    assert secret.lower() not in page.title().lower()
    assert ext.monitor.bad_frames == [], ext.monitor.bad_frames[:3]


def assert_spa_stays(ext: ExtBrowser, page: Page, path: str) -> None:
    """In-app navigation to a lookalike's profile stays on the site."""
    before = page.url
    page.evaluate("(p) => history.pushState({}, '', p)", path)
    wait_frames(page, 5)
    assert page.url != before and page.url.endswith(path), page.url
    assert not page.url.startswith(EXTENSION_SCHEMES)


def assert_full_load_interstitial(ext: ExtBrowser, page: Page, url: str, secret: str) -> None:
    """A full page load of their profile (DNR rule) lands on the interstitial."""
    origin = "/".join(url.split("/")[:3])
    ext.serve(origin + "/**", {"*": "harness/visible.html"})
    page.goto(url, wait_until="commit")
    landed = interstitial_reached(ext, page)
    assert secret.lower() not in landed.lower()
