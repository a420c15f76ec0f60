"""Helpers for Chromium with the unpacked extension and fixture pages at real sites' addresses.

API (stable; other test modules build on it):

- ``ext`` (module scope): one Chromium with the extension and a fresh profile for the whole module.
  ``ext_fresh`` (function scope): the same, but a fresh browser and profile for this test only
  (needed when a test depends on ``onInstalled`` or on storage starting empty).
- ``ExtBrowser``: ``.context``, ``.sw`` (the service worker), ``.ext_id``, ``.ext_url(path)``,
  ``.storage_get(keys)``, ``.storage_set(items)``, ``.seed(people, ...)`` (write ``doc.blocklist``
  and ``matchIndex`` directly), ``.serve(url_glob, fixture)``, ``.new_page()``, ``.monitor``.
- ``ext_page``: a new tab in ``ext`` that is closed after the test (routes and storage stay).
- ``serve_fixture(context, url_glob, fixture)``: answer every request matching ``url_glob`` with a
  file from ``tests/fixtures/`` (a relative path) or a ``{path: fixture}`` dict keyed by URL path.
  Every other http(s) request is aborted (except to 127.0.0.1/localhost, for a test's own server),
  so no real site is ever contacted.
- The "never visible" monitor: every page gets a main-world ``requestAnimationFrame`` loop that,
  each frame, looks at every element marked ``data-test-person`` by the fixture and reports the
  frame if any of them has a non-empty client rect and is visible. ``ext.monitor.bad_frames`` lists
  the reports (they survive navigations); ``frames_seen(page)`` counts the frames checked.
- In fixtures, mark every element of the person ``data-test-person="<name>"`` and every element
  that must stay visible (lookalikes, the user's own posts) ``data-test-keep="<name>"``;
  ``visible_markers(page)`` returns the person markers shown and the keep markers hidden.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright, Route, Worker
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
# NC_EXTENSION_DIR lets a developer point the harness at a copy of the extension.
EXTENSION_DIR = Path(os.environ.get("NC_EXTENSION_DIR", ROOT / "extension"))
FIXTURES_DIR = ROOT / "tests" / "fixtures"
CHROMIUM = os.environ.get("NC_CHROMIUM", "/usr/bin/chromium")
PERSON_ATTR = "data-test-person"
# A routed page on a site with a content script: the harness reaches chrome.storage through it
# when the service worker does not run.
HARNESS_URL = "https://bsky.app/__nc_harness__"
KEEP_ATTR = "data-test-keep"

# Runs in the page's main world before any page script. rAF callbacks run right before the frame is
# painted, after every task and microtask of that turn, so an element the engine hides inside its
# MutationObserver callback is already display:none here; one that is seen here was painted.
MONITOR_JS = """
(() => {
  if (window.__ncMonitor) return;
  const state = { frames: 0, bad: 0 };
  window.__ncMonitor = state;
  const visible = (el) => {
    if (!el.isConnected) return false;
    const rects = el.getClientRects();
    let area = false;
    for (const r of rects) if (r.width > 0 && r.height > 0) { area = true; break; }
    if (!area) return false;
    return el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const tick = () => {
    state.frames += 1;
    const shown = [];
    for (const el of document.querySelectorAll("[__ATTR__]")) {
      if (visible(el)) shown.push(el.getAttribute("__ATTR__") || el.tagName);
    }
    if (shown.length) {
      state.bad += 1;
      try { window.__ncReportFrame(location.href, shown.slice(0, 5)); } catch (e) { /* gone */ }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
""".replace("__ATTR__", PERSON_ATTR)


@dataclass
class FrameMonitor:
    """Frames in which something marked as the person was visible, across navigations."""

    bad_frames: list[dict[str, Any]] = field(default_factory=list)

    def clear(self) -> None:
        """Forget earlier reports (e.g. between two tests sharing a browser)."""
        self.bad_frames.clear()


def extension_id(manifest: Path | None = None) -> str:
    """Return the extension id Chromium derives from the manifest ``key`` (SHA-256, a-p digits)."""
    data = json.loads((manifest or EXTENSION_DIR / "manifest.json").read_text())
    digest = hashlib.sha256(base64.b64decode(data["key"])).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def frames_seen(page: Page) -> int:
    """Return how many animation frames the monitor has checked in the current document."""
    return page.evaluate("window.__ncMonitor ? window.__ncMonitor.frames : 0")


def wait_frames(page: Page, count: int = 3) -> None:
    """Let at least ``count`` more animation frames run (the monitor looks at each)."""
    page.evaluate(
        """(n) => new Promise((done) => {
             const step = () => (n-- <= 0 ? done() : requestAnimationFrame(step));
             requestAnimationFrame(step);
           })""",
        count,
    )


# A fixture's `<script data-fixture-include="NAME"></script>` is replaced by tests/fixtures/NAME
# inline, so pages share one copy of a stand-in (a site's own handler) and still arrive as one page.
_INCLUDE = re.compile(rb'<script data-fixture-include="([\w.-]+)"></script>')


def _fixture_body(fixture: str | Path) -> bytes:
    path = Path(fixture)
    if not path.is_absolute():
        path = FIXTURES_DIR / path
    return _INCLUDE.sub(
        lambda m: b"<script>\n" + _included(m.group(1).decode()) + b"</script>", path.read_bytes()
    )


def _included(name: str) -> bytes:
    script = (FIXTURES_DIR / name).read_bytes()
    # Inline, a closing script tag anywhere (even in a comment) would end the script there.
    assert b"</script" not in script.lower(), f"{name} must not contain a closing script tag"
    return script


def serve_fixture(
    context: BrowserContext, url_glob: str, fixture: str | Path | dict[str, str | Path]
) -> None:
    """Answer requests matching ``url_glob`` with fixture HTML (one file, or a path → file dict)."""

    def handle(route: Route) -> None:
        if isinstance(fixture, dict):
            path = re.sub(r"^https?://[^/]+", "", route.request.url).split("?")[0].split("#")[0]
            chosen = fixture.get(path) or fixture.get("*")
            if chosen is None:
                route.fulfill(status=404, content_type="text/plain", body="not in fixture")
                return
            body = _fixture_body(chosen)
        else:
            body = _fixture_body(fixture)
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    context.route(url_glob, handle)


def _abort_network(context: BrowserContext) -> None:
    # Registered first, so every later (more specific) route wins over it: Playwright runs the
    # matching routes in the reverse order of registration.
    # Local servers (a test's own sync server on 127.0.0.1 or localhost) are left alone.
    context.route(
        re.compile(r"^https?://(?!(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?/)"),
        lambda route: route.abort(),
    )


def _person_entry(
    platform: str, handle: str | None, ident: str | None, tag: str
) -> tuple[str, dict]:
    key = f"{platform}:id:{ident}" if ident else f"{platform}:h:{(handle or '').lower()}"
    return key, {
        "adds": [tag],
        "platform": platform,
        "handle": handle,
        "id": ident,
        "instance": None,
    }


def build_documents(
    people: list[dict[str, Any]], paused: bool = False, disabled: tuple[str, ...] = ()
) -> tuple[dict, dict]:
    """Build a ``doc.blocklist`` and the ``matchIndex`` derived from it (extension/README.md).

    ``people`` is a list of ``{"label": str, "accounts": [{"platform", "handle"?, "id"?}]}``.
    """
    now = int(time.time() * 1000)
    doc: dict[str, Any] = {
        "format": 1,
        "people": {},
        "removed": [],
        "pending": {},
        "sites": {p: {"value": False, "ts": now, "device": "test"} for p in disabled},
        "paused": {"value": paused, "ts": now, "device": "test"},
    }
    platforms: dict[str, dict[str, Any]] = {}
    for person in people:
        tag = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
        accounts = {}
        for account in person["accounts"]:
            platform = account["platform"]
            handle = account.get("handle")
            ident = account.get("id")
            key, entry = _person_entry(platform, handle, ident, tag)
            accounts[key] = entry
            slot = platforms.setdefault(
                platform, {"enabled": platform not in disabled, "handles": [], "ids": []}
            )
            if handle:
                slot["handles"].append(handle.lower().lstrip("@"))
            if ident:
                slot["ids"].append(ident)
        register = {"ts": now, "device": "test"}
        doc["people"][tag] = {
            "adds": [tag],
            "label": {"value": person.get("label", ""), **register},
            "note": {"value": "", **register},
            "names": {"value": [], **register},
            "created_at": now,
            "accounts": accounts,
        }
    index = {"v": 1, "paused": paused, "platforms": platforms}
    return doc, index


class ExtBrowser:
    """One Chromium persistent context with the extension loaded from ``EXTENSION_DIR``."""

    def __init__(self, playwright: Playwright, user_data_dir: str) -> None:
        self.context: BrowserContext = playwright.chromium.launch_persistent_context(
            user_data_dir,
            executable_path=CHROMIUM,
            headless=True,
            args=[
                f"--disable-extensions-except={EXTENSION_DIR}",
                f"--load-extension={EXTENSION_DIR}",
            ],
        )
        self.monitor = FrameMonitor()
        _abort_network(self.context)
        self.context.expose_binding(
            "__ncReportFrame",
            lambda _source, url, shown: self.monitor.bad_frames.append(
                {"url": url, "shown": shown}
            ),
        )
        self.context.add_init_script(MONITOR_JS)
        self._sw: Worker | None = None
        self._sw_missing = False

    @property
    def sw(self) -> Worker:
        """Return the extension's service worker (waits for it on first use)."""
        worker = self.find_sw(timeout=30.0)
        if worker is None:
            raise AssertionError("the extension's service worker did not start")
        return worker

    def find_sw(self, timeout: float = 2.0) -> Worker | None:
        """Return the service worker, or None if it does not start within ``timeout`` seconds."""
        if self._sw is not None and self._sw in self.context.service_workers:
            return self._sw
        workers = [w for w in self.context.service_workers if w.url.startswith("chrome-ext")]
        if not workers:
            if self._sw_missing:  # waited once already: do not wait again on every call
                return None
            try:
                workers = [self.context.wait_for_event("serviceworker", timeout=timeout * 1000)]
            except PlaywrightTimeoutError:
                self._sw_missing = True
                return None
        self._sw = workers[0]
        return self._sw

    @property
    def ext_id(self) -> str:
        """Return the extension id, derived from the manifest ``key`` as Chromium does."""
        return extension_id()

    def ext_url(self, path: str) -> str:
        """Return the address of an extension file, e.g. ``pages/interstitial.html``."""
        return f"chrome-extension://{self.ext_id}/{path.lstrip('/')}"

    def _content_world_eval(self, function: str, arg: Any) -> Any:
        # Without a running service worker (e.g. while background.js is broken or missing), reach
        # chrome.storage from the content script's isolated world of a routed page instead.
        page = self.context.new_page()
        try:
            self.context.route(
                HARNESS_URL,
                lambda route: route.fulfill(status=200, content_type="text/html", body=b"<p>ok"),
            )
            cdp = self.context.new_cdp_session(page)
            worlds: list[int] = []
            origin = f"chrome-extension://{self.ext_id}"
            cdp.on(
                "Runtime.executionContextCreated",
                lambda event: (
                    worlds.append(event["context"]["id"])
                    if event["context"].get("origin") == origin
                    else None
                ),
            )
            cdp.send("Runtime.enable")
            page.goto(HARNESS_URL)
            page.wait_for_timeout(50)
            wait_for(lambda: worlds, timeout=5.0, interval=0.05, page=page)
            result = cdp.send(
                "Runtime.evaluate",
                {
                    "expression": f"({function})({json.dumps(arg)})",
                    "contextId": worlds[-1],
                    "awaitPromise": True,
                    "returnByValue": True,
                },
            )
            if "exceptionDetails" in result:
                raise AssertionError(f"storage access failed: {result['exceptionDetails']}")
            return result["result"].get("value")
        finally:
            page.close()

    def _storage(self, function: str, arg: Any) -> Any:
        worker = self.find_sw()
        if worker is not None:
            return worker.evaluate(function, arg)
        return self._content_world_eval(function, arg)

    def storage_get(self, keys: list[str] | None = None) -> dict:
        """Read ``chrome.storage.local`` (through the service worker when it runs)."""
        return self._storage("(k) => chrome.storage.local.get(k)", keys)

    def storage_set(self, items: dict) -> None:
        """Write ``chrome.storage.local`` (through the service worker when it runs)."""
        self._storage("(i) => chrome.storage.local.set(i)", items)

    def seed(
        self,
        people: list[dict[str, Any]],
        paused: bool = False,
        disabled: tuple[str, ...] = (),
    ) -> dict:
        """Write ``doc.blocklist`` and ``matchIndex`` for ``people`` directly; return the index."""
        doc, index = build_documents(people, paused=paused, disabled=disabled)
        self.storage_set({"doc.blocklist": doc, "matchIndex": index})
        return index

    def serve(self, url_glob: str, fixture: str | Path | dict[str, str | Path]) -> None:
        """Serve fixture HTML at a real address (see ``serve_fixture``)."""
        serve_fixture(self.context, url_glob, fixture)

    def new_page(self) -> Page:
        """Open a new tab."""
        return self.context.new_page()

    def close(self) -> None:
        """Close the browser."""
        self.context.close()


def assert_never_visible(ext: ExtBrowser, page: Page, min_frames: int = 5) -> None:
    """Fail if any frame showed an element of the person; also make sure frames were checked."""
    wait_frames(page, min_frames)
    assert frames_seen(page) >= min_frames, "the frame monitor did not run"
    assert ext.monitor.bad_frames == [], f"the person was visible: {ext.monitor.bad_frames[:3]}"


def visible_markers(page: Page) -> tuple[set[str], set[str]]:
    """Return (visible person markers, keep markers the extension hid): both empty when right."""
    state = page.evaluate(
        """() => {
          const seen = (el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 &&
              el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
          };
          const person = [], keep = [];
          for (const el of document.querySelectorAll("[__PERSON__]"))
            if (seen(el)) person.push(el.getAttribute("__PERSON__"));
          // A keep marker counts as hidden only when the extension hid it (the page's own layout
          // may hide e.g. the sidebar on narrow screens).
          const ours = (el) => el.closest("[data-nc-hidden]") ||
            document.documentElement.matches("[data-nc-wait], [data-nc-cover]");
          for (const el of document.querySelectorAll("[__KEEP__]"))
            if (ours(el)) keep.push(el.getAttribute("__KEEP__"));
          return { person, keep };
        }""".replace("__PERSON__", PERSON_ATTR).replace("__KEEP__", KEEP_ATTR)
    )
    return set(state["person"]), set(state["keep"])


def wait_for(
    check: Callable[[], Any],
    timeout: float = 5.0,
    interval: float = 0.05,
    page: Page | None = None,
) -> Any:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds.

    Pass ``page`` when the condition depends on browser events: waiting through the page lets
    Playwright deliver them (a plain sleep does not).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last value {value!r})")
        if page is not None:
            page.wait_for_timeout(interval * 1000)
        else:
            time.sleep(interval)


def open_fixture(ext: ExtBrowser, page: Page, url: str, fixture: str | Path | dict) -> None:
    """Serve ``fixture`` at ``url``'s site, open ``url`` and let a few frames paint."""
    origin = re.match(r"^https?://[^/]+", url)
    assert origin, url
    ext.serve(origin.group(0) + "/**", fixture)
    page.goto(url)
    wait_frames(page, 3)


def interstitial_reached(ext: ExtBrowser, page: Page, timeout: float = 5.0) -> str:
    """Wait until ``page`` shows the extension's interstitial page; return its URL."""
    target = ext.ext_url("pages/interstitial.html")
    page.wait_for_url(lambda url: url.startswith(target), timeout=timeout * 1000)
    return page.url
