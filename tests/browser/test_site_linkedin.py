"""LinkedIn: a person listed by member id only is found through the profile URN in links. The
contract every site keeps is tests/fixtures/linkedin/contract.json."""

from __future__ import annotations

from playwright.sync_api import Page

from .harness import ExtBrowser, open_fixture, visible_markers


def test_listed_by_member_id_only_is_found_through_profile_urn(ext: ExtBrowser, ext_page: Page):
    ext.seed([{"label": "them", "accounts": [{"platform": "linkedin", "id": "ACoAAB1234567"}]}])
    open_fixture(ext, ext_page, "https://www.linkedin.com/feed/", "linkedin/feed.html")
    shown, hidden = visible_markers(ext_page)
    # These carry ?miniProfileUrn=…ACoAAB1234567 or /in/ACoAAB1234567 next to the slug.
    assert {"li-post", "li-repost-by-them", "li-commented", "li-reshare-of-theirs"} & shown == set()
    assert hidden == set()
