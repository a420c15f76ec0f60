"""The harness itself: fixtures are served offline and the frame monitor sees a visible person."""

from __future__ import annotations

from playwright.sync_api import Page

from .harness import ExtBrowser, frames_seen, visible_markers, wait_frames


def test_monitor_reports_a_visible_person_on_an_untouched_site(ext: ExtBrowser, ext_page: Page):
    ext.serve("https://example.org/**", "harness/visible.html")
    ext_page.goto("https://example.org/")
    wait_frames(ext_page, 5)
    assert frames_seen(ext_page) >= 5
    assert ext.monitor.bad_frames, "the monitor missed a visible element"
    assert ext.monitor.bad_frames[0]["shown"] == ["plain"]
    assert visible_markers(ext_page) == ({"plain"}, set())


def test_unrouted_requests_never_reach_the_network(ext: ExtBrowser, ext_page: Page):
    response_error = None
    try:
        ext_page.goto("https://unrouted.example.net/")
    except Exception as error:  # noqa: BLE001 - any navigation failure is the expected outcome
        response_error = str(error)
    # Chromium says net::ERR_FAILED, Firefox NS_ERROR_ABORT: either way the request was aborted.
    assert response_error and ("ERR_FAILED" in response_error or "NS_ERROR_ABORT" in response_error)
