"""Fixtures for a browser with the extension, once per engine (helpers and API: see harness.py)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright

from .harness import ENGINES, ExtBrowser


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The browser engine of this run of the module's tests: "chromium" or "firefox"."""
    return str(request.param)


@pytest.fixture(scope="module")
def ext(playwright: Playwright, engine: str) -> Iterator[ExtBrowser]:
    """One browser with the extension and a fresh profile for the whole test module."""
    with tempfile.TemporaryDirectory(prefix=f"nc-{engine}-") as profile:
        browser = ExtBrowser(playwright, profile, engine=engine)
        try:
            browser.find_sw()  # start and keep the worker (when there is one) before the tests
            yield browser
        finally:
            browser.close()


@pytest.fixture
def ext_fresh(playwright: Playwright, engine: str) -> Iterator[ExtBrowser]:
    """A browser with the extension and a fresh profile for this test only."""
    with tempfile.TemporaryDirectory(prefix=f"nc-{engine}-") as profile:
        browser = ExtBrowser(playwright, profile, engine=engine)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def ext_clean(request: pytest.FixtureRequest, engine: str) -> ExtBrowser:
    """The extension as just installed, for this test alone. In Firefox the module's browser
    with the add-on reset and reloaded (``ExtBrowser.reset``: a new Firefox costs about 5 s); in
    Chromium a new browser (about 1 s; Chromium blocks an extension from the command line that
    reloads itself). Either way: nothing listed, nothing in the background's memory, no tab of
    an earlier test. For a fresh profile (history, granted permissions) take ``ext_fresh``."""
    if engine != "firefox":
        return request.getfixturevalue("ext_fresh")
    shared: ExtBrowser = request.getfixturevalue("ext")
    shared.reset()
    return shared


@pytest.fixture
def ext_context(ext: ExtBrowser) -> BrowserContext:
    """The module's browser context."""
    return ext.context


@pytest.fixture
def ext_page(ext: ExtBrowser) -> Iterator[Page]:
    """A new tab in the module's browser, closed after the test; monitor reports start empty."""
    ext.monitor.clear()
    page = ext.new_page()
    try:
        yield page
    finally:
        page.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as a browser test.

    A browser test that fails is run again, up to twice, in the same browser: on this 2-core
    machine a browser now and then misses a 5-second wait while the other engine's worker is busy.
    A real fault fails all three times; the summary lists every rerun ("R"), so a test that needs
    one is seen.
    """
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.flaky(reruns=2))
