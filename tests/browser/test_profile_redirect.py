"""A full load of a listed person's profile never reaches the site: the browser redirects it first.

The fixture server records every request; a redirected load must leave no request to the profile.
"""

from __future__ import annotations

from playwright.sync_api import Page, Route

from .harness import ExtBrowser, interstitial_reached, wait_for

PEOPLE = [{"label": "Them", "accounts": [{"platform": "x", "handle": "abuser"}]}]


def record_requests(ext: ExtBrowser, seen: list[str]) -> None:
    """Serve a plain page at x.com and remember every URL asked for."""

    def answer(route: Route) -> None:
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>x</title><p>page</p>")

    ext.context.route("https://x.com/**", answer)


def rule_filters(ext: ExtBrowser) -> list[str]:
    """Return the urlFilters of the extension's dynamic rules."""
    return ext.sw.evaluate(
        "async () => (await chrome.declarativeNetRequest.getDynamicRules())"
        ".map(r => r.condition.urlFilter)"
    )


def test_their_profile_is_redirected_before_any_request(ext_clean: ExtBrowser):
    ext = ext_clean
    ext.seed(PEOPLE)
    wait_for(lambda: "||x.com/abuser^" in rule_filters(ext))
    seen: list[str] = []
    record_requests(ext, seen)
    page: Page = ext.new_page()
    page.goto("https://x.com/Abuser/with_replies", wait_until="commit")
    url = interstitial_reached(ext, page)
    assert "abuser" not in url.lower()
    assert page.title() == "No Contact"
    assert not any("abuser" in u.lower() for u in seen), seen
    # History keeps no trace of their address either: going back leaves the interstitial page.
    assert "abuser" not in page.evaluate("document.referrer").lower()


def test_lookalikes_load_normally_and_pausing_removes_the_rules(ext_clean: ExtBrowser):
    ext = ext_clean
    ext.seed(PEOPLE)
    wait_for(lambda: len(rule_filters(ext)) > 0)
    seen: list[str] = []
    record_requests(ext, seen)
    page = ext.new_page()
    page.goto("https://x.com/abuser2")
    assert page.url == "https://x.com/abuser2"
    assert seen == ["https://x.com/abuser2"]
    ext.seed(PEOPLE, paused=True)
    wait_for(lambda: rule_filters(ext) == [])
