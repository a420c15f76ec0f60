"""The options page as a user meets it.

Add by pasting a link, then the person is gone from the site; weakening needs the typed
confirmation; bad imports change nothing; the keyboard reaches everything."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from .harness import (
    ExtBrowser,
    add_through_options,
    open_fixture,
    open_person,
    options_section,
    saved_file,
    visible_markers,
)

MESSAGES = json.loads(
    (
        __import__("pathlib").Path(__file__).parents[2] / "extension/_locales/en/messages.json"
    ).read_text()
)


def msg(key: str) -> str:
    """Return an English message (without placeholders)."""
    return MESSAGES[key]["message"]


def people(ext: ExtBrowser) -> list[str]:
    """Return the labels the background lists, via its own message API."""
    state = ext.sw.evaluate(
        """async () => {
          const doc = (await chrome.storage.local.get("doc.blocklist"))["doc.blocklist"];
          if (!doc) return [];
          const gone = new Set(doc.removed);
          return Object.values(doc.people)
            .filter(p => p.adds.some(t => !gone.has(t))).map(p => p.label.value).sort();
        }"""
    )
    return state


@pytest.fixture
def options(ext_clean: ExtBrowser) -> tuple[ExtBrowser, Page]:
    """A fresh browser with the options page open."""
    page = ext_clean.new_page()
    page.goto(ext_clean.ext_url("pages/options.html"))
    expect(page.get_by_label(msg("options_addLabel"))).to_be_visible()
    return ext_clean, page


def add(page: Page, text: str, name: str = "", site: str = "") -> str:
    """Fill the add form like a user and return the status line."""
    return add_through_options(page, text, name=name, site=site)


def test_pasting_a_profile_link_hides_the_person_on_the_site(options):
    ext, page = options
    assert add(page, "https://twitter.com/Abuser?s=20&t=xyz", name="Not again") == msg(
        "options_added"
    )
    expect(page.locator("summary .who", has_text="Not again")).to_be_visible()
    assert people(ext) == ["Not again"]
    index = ext.storage_get(["matchIndex"])["matchIndex"]
    assert index["platforms"]["x"]["handles"] == ["abuser"]
    site = ext.new_page()
    open_fixture(ext, site, "https://x.com/home", "x/timeline.html")
    shown, hidden = visible_markers(site)
    # The one cell that names them only by X's numeric id cannot be matched from a handle alone.
    assert shown == {"x-usercell-by-id"} and hidden == set()


@pytest.mark.parametrize(
    ("text", "site", "expected"),
    [
        (
            "https://www.facebook.com/profile.php?id=100012345&__cft__[0]=AZ",
            "",
            "facebook:id:100012345",
        ),
        ("https://m.youtube.com/@TheirChannel", "", "youtube:h:theirchannel"),
        ("https://old.reddit.com/u/SomeOne/", "", "reddit:h:someone"),
        ("@alice@fosstodon.org", "", "mastodon:h:alice@fosstodon.org"),
        (
            "https://www.linkedin.com/in/jane-doe-1234/?miniProfileUrn=urn%3Ali",
            "",
            "linkedin:h:jane-doe-1234",
        ),
        ("@handle_only", "tiktok", "tiktok:h:handle_only"),
    ],
)
def test_every_link_form_is_recognised(options, text, site, expected):
    ext, page = options
    assert add(page, text, site=site) == msg("options_added")
    doc = ext.storage_get(["doc.blocklist"])["doc.blocklist"]
    keys = [k for p in doc["people"].values() for k in p["accounts"]]
    assert keys == [expected]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("https://x.com/home", "options_notAProfile"),
        ("https://www.instagram.com/p/Cabc123/", "options_notAProfile"),
        ("https://example.com/@someone/status", "options_notAProfile"),
        ("@someone", "options_chooseSite"),
        ("", "options_emptyInput"),
    ],
)
def test_what_is_not_a_profile_gets_a_clear_message_and_adds_nothing(options, text, key):
    ext, page = options
    if text:
        assert add(page, text) == msg(key)
    else:
        page.get_by_role("button", name=msg("options_addButton")).click()
        expect(page.locator("#add-status")).to_have_text(msg(key))
    assert people(ext) == []


def test_adding_the_same_account_twice_keeps_one_person(options):
    ext, page = options
    add(page, "https://x.com/abuser")
    assert add(page, "x.com/ABUSER") == msg("options_alreadyListed")
    assert len(people(ext)) == 1


def test_removal_opens_the_reflection_flow_and_changes_nothing_yet(options):
    ext, page = options
    add(page, "https://x.com/abuser", name="Them")
    open_person(page, "Them")
    with ext.context.expect_page() as opened:
        page.get_by_role("button", name="Remove from my list: Them").click()
    flow = opened.value
    flow.wait_for_load_state()
    assert "reflection.html#" in flow.url and "abuser" not in flow.url and "Them" not in flow.url
    expect(flow.get_by_role("button", name=msg("reflect_keep")).first).to_be_focused()
    assert people(ext) == ["Them"]


def test_the_background_refuses_weakening_outside_the_flow(options):
    ext, page = options
    add(page, "https://x.com/abuser", name="Them")
    answers = page.evaluate(
        """async () => {
          const { people } = await chrome.runtime.sendMessage({ type: "list.get" });
          const send = (m) => chrome.runtime.sendMessage({ ...m, confirmed: true });
          return [
            await send({ type: "list.remove", personId: people[0].id }),
            await send({ type: "list.setPaused", paused: true }),
            await send({ type: "list.setSite", platform: "x", on: false }),
          ];
        }"""
    )
    # There is no message that removes a person at all; the switches refuse to weaken.
    assert answers == [
        {"ok": False, "error": "options_somethingWrong"},
        {"ok": False, "error": "reflect_useFlow"},
        {"ok": False, "error": "reflect_useFlow"},
    ]
    assert people(ext) == ["Them"]
    index = ext.storage_get(["matchIndex"])["matchIndex"]
    assert index["paused"] is False and index["platforms"]["x"]["enabled"] is True


def test_switching_a_site_off_opens_the_flow_and_the_site_stays_on(options):
    ext, page = options
    options_section(ext, page, "sites")
    box = page.get_by_label("Reddit", exact=True)
    with ext.context.expect_page() as opened:
        box.click()  # the page puts the tick back at once: nothing changes before the flow
    opened.value.wait_for_url(lambda url: "reflection.html#" in url)
    expect(box).to_be_checked()
    assert ext.storage_get(["matchIndex"])["matchIndex"]["platforms"]["reddit"]["enabled"] is True


def test_a_bad_import_changes_nothing_and_says_why(options, tmp_path):
    ext, page = options
    add(page, "https://x.com/abuser", name="Them")
    before = ext.storage_get(["doc.blocklist"])["doc.blocklist"]
    options_section(ext, page, "backup")
    for content, key in [
        ("{broken", "options_importNotJson"),
        ('{"format": 9, "people": {}}', "options_importNewerFormat"),
        ('{"some": "thing"}', "options_importNotBackup"),
    ]:
        bad = tmp_path / "bad.json"
        bad.write_text(content)
        page.get_by_label(msg("options_importLabel")).set_input_files(str(bad))
        expect(page.locator("#import-status")).to_have_text(msg(key))
        assert ext.storage_get(["doc.blocklist"])["doc.blocklist"] == before


def test_export_then_import_on_another_device_restores_the_list(
    options, ext_fresh: ExtBrowser, tmp_path
):
    first, page = options
    add(page, "https://x.com/abuser", name="Them")
    options_section(first, page, "backup")
    _name, text = saved_file(
        first, page, lambda: page.get_by_role("button", name=msg("options_export")).click()
    )
    backup = tmp_path / "backup.json"
    backup.write_text(text)
    data = json.loads(text)
    assert data["nocontact_backup"] == 1
    ext = ext_fresh  # the other device: a browser of its own
    other = ext.new_page()
    options_section(ext, other, "backup")
    other.get_by_label(msg("options_importLabel")).set_input_files(str(backup))
    expect(other.locator("#import-status")).to_have_text("Restored. Your list now holds 1 person.")
    options_section(ext, other, "people")
    expect(other.locator("summary .who", has_text="Them")).to_be_visible()


def test_the_add_form_works_with_the_keyboard_alone(options):
    ext, page = options
    # Quick exit comes first, then the sections, then the add form (open while the list is empty).
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=msg("quickExit_button"))).to_be_focused()
    field = page.get_by_label(msg("options_addLabel"))
    for _ in range(12):
        page.keyboard.press("Tab")
        if field.evaluate("el => el === document.activeElement"):
            break
    expect(field).to_be_focused()
    page.keyboard.type("https://bsky.app/profile/did:plc:abcdefg")
    page.keyboard.press("Enter")
    expect(page.locator("#add-status")).to_have_text(msg("options_added"))
    doc = ext.storage_get(["doc.blocklist"])["doc.blocklist"]
    assert [k for p in doc["people"].values() for k in p["accounts"]] == [
        "bluesky:id:did:plc:abcdefg"
    ]


def test_the_list_never_appears_in_a_sites_dom(options):
    ext, page = options
    add(page, "https://x.com/abuser", name="Secret Label")
    site = ext.new_page()
    open_fixture(ext, site, "https://x.com/home", "x/timeline.html")
    html = site.content()
    assert "Secret Label" not in html
    assert "matchIndex" not in html


def test_label_note_and_other_names_can_be_edited(options):
    ext, page = options
    add(page, "https://x.com/abuser", name="Them")
    open_person(page, "Them")
    page.locator("#name-0").fill("R.")
    page.locator("#note-0").fill("Peace is allowed")
    page.get_by_label(msg("options_namesLabel")).fill("Robbie, Rob R")
    page.locator("#people-list").get_by_role("button", name=msg("options_save"), exact=True).click()
    expect(page.get_by_text(msg("options_saved"))).to_be_visible()
    doc = ext.storage_get(["doc.blocklist"])["doc.blocklist"]
    (person,) = doc["people"].values()
    assert person["label"]["value"] == "R."
    assert person["note"]["value"] == "Peace is allowed"
    assert person["names"]["value"] == ["Robbie", "Rob R"]
