"""The contract every site keeps, run from each site's tests/fixtures/<site>/contract.json.

For every site: each of its fixture pages shows none of the person's items and hides nobody else's
(in every frame); items of theirs inserted in a burst are hidden before paint; in-app navigation to
their profile lands on the interstitial, naming no one; navigation to a lookalike stays on the site;
a full load of their profile lands on the interstitial. A contract is data:

  people        who is listed (harness.blocklist_document's form)
  instances     hosts the user adds first (sites that run on hosts the user adds)
  secret        a word of the person that must appear in no interstitial address or title
  pages         [{url, fixture, settle?, viewport?, person: [marker...], keep: [marker...]}]
  burst         {page, script}: the script adds one item of theirs; run 20 times in one task
  theirProfile  [{page, path}]: in-app navigation from that page to their profile
  lookalikes    [{page, path}]: in-app navigation to someone else's profile
  fullLoads     [url]: their profile loaded from the address bar

Each site's own test_site_<site>.py keeps only what is special to it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, Playwright

from .harness import FIXTURES_DIR, ExtBrowser, instances_browser, open_fixture
from .sites_common import (
    assert_burst_hidden,
    assert_full_load_interstitial,
    assert_page_clean,
    assert_spa_interstitial,
    assert_spa_stays,
)

CONTRACTS = {
    path.parent.name: json.loads(path.read_text())
    for path in sorted(FIXTURES_DIR.glob("*/contract.json"))
}


def cases(part: str) -> list:
    """One pytest param per entry of ``part`` in every contract."""
    found = []
    for site, contract in CONTRACTS.items():
        entries = contract[part] if isinstance(contract[part], list) else [contract[part]]
        for n, entry in enumerate(entries):
            found.append(pytest.param(site, entry, id=f"{site}-{n}"))
    return found


@pytest.fixture(scope="module")
def browser_for(
    playwright: Playwright, ext: ExtBrowser, engine: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[tuple[str, ...]], ExtBrowser]]:
    """The module's browser, or one whose user added these instances (made once, on demand)."""
    made: dict[tuple[str, ...], ExtBrowser] = {(): ext}

    def get(hosts: tuple[str, ...]) -> ExtBrowser:
        if hosts not in made:
            made[hosts] = instances_browser(
                playwright, tmp_path_factory.mktemp("site"), list(hosts), engine=engine
            )
        return made[hosts]

    yield get
    for hosts, browser in made.items():
        if hosts:
            browser.close()


@pytest.fixture
def site_browser(
    request: pytest.FixtureRequest, browser_for: Callable[[tuple[str, ...]], ExtBrowser]
) -> Iterator[tuple[ExtBrowser, Page, dict]]:
    """The browser for this case's site, its person listed, a fresh tab, and the contract."""
    contract = CONTRACTS[request.node.callspec.params["site"]]
    browser = browser_for(tuple(contract.get("instances", ())))
    browser.seed(contract["people"])
    browser.monitor.clear()
    page = browser.new_page()
    try:
        yield browser, page, contract
    finally:
        page.close()


def open_page(browser: ExtBrowser, page: Page, spec: dict) -> None:
    """Open one of a contract's pages (at its viewport)."""
    if "viewport" in spec:
        page.set_viewport_size({"width": spec["viewport"][0], "height": spec["viewport"][1]})
    open_fixture(browser, page, spec["url"], spec["fixture"])


@pytest.mark.parametrize(("site", "spec"), cases("pages"))
def test_their_items_are_hidden_on_load_and_nobody_elses(site_browser, site, spec):
    browser, page, _ = site_browser
    if "viewport" in spec:
        page.set_viewport_size({"width": spec["viewport"][0], "height": spec["viewport"][1]})
    assert_page_clean(
        browser,
        page,
        spec["url"],
        spec["fixture"],
        set(spec["person"]),
        set(spec["keep"]),
        spec.get("settle"),
    )


@pytest.mark.parametrize(("site", "spec"), cases("burst"))
def test_their_items_inserted_in_a_burst_are_hidden_before_paint(site_browser, site, spec):
    browser, page, contract = site_browser
    open_page(browser, page, contract["pages"][spec["page"]])
    assert_burst_hidden(browser, page, spec["script"])


@pytest.mark.parametrize(("site", "spec"), cases("theirProfile"))
def test_in_app_navigation_to_their_profile_lands_on_the_interstitial(site_browser, site, spec):
    browser, page, contract = site_browser
    open_page(browser, page, contract["pages"][spec["page"]])
    assert_spa_interstitial(browser, page, spec["path"], contract["secret"])


@pytest.mark.parametrize(("site", "spec"), cases("lookalikes"))
def test_in_app_navigation_to_a_lookalike_stays(site_browser, site, spec):
    browser, page, contract = site_browser
    open_page(browser, page, contract["pages"][spec["page"]])
    assert_spa_stays(browser, page, spec["path"])


@pytest.mark.parametrize(("site", "url"), cases("fullLoads"))
def test_a_full_load_of_their_profile_lands_on_the_interstitial(site_browser, site, url):
    browser, page, contract = site_browser
    assert_full_load_interstitial(browser, page, url, contract["secret"])
