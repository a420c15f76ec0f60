"""The browser-neutral driver: Chromium or Firefox ESR with the extension, and fixture pages served
at the real sites' addresses. Every browser test is written once against it and runs on both.

Both engines are driven by Playwright: Chromium through its own protocol, Firefox ESR through
WebDriver BiDi (Playwright's "moz-firefox" channel, with tests/support/firefox_shim.py answering the
few commands this ESR does not know yet). In Firefox the extension is installed as an unsigned
add-on in the profile (ESR allows it), at a random moz-extension UUID per profile.

API (stable; other test modules build on it):

- ``ext`` (module scope, once per engine): one browser with the extension and a fresh profile for
  the whole module. ``ext_fresh`` (function scope): the same, but a fresh browser and profile for
  this test only (needed when a test depends on ``onInstalled`` or on storage starting empty).
  ``ENGINES`` (``NC_ENGINES``, "chromium,firefox" for both) names the engines browser tests run on.
- ``ExtBrowser``: ``.engine``, ``.context``, ``.sw`` (evaluates code with the extension's
  privileges: Chromium's service worker, or an extension page in Firefox, whose background is an
  event page), ``.call_background(name, *args)`` (a function the background exposes for tests),
  ``.ext_id``, ``.ext_url(path)``,
  ``.storage_get(keys)``, ``.storage_set(items)``, ``.seed(people, ...)`` (write ``doc.blocklist``
  and wait until the background has derived the match index and the redirect rules from it),
  ``.serve(url_glob, fixture)``, ``.new_page()``, ``.monitor``.
- ``instances_browser(playwright, folder, hosts)``: a browser whose user added these Mastodon
  instances through the options page (see its docstring).
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

import atexit
import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright, Route, Worker
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import browser_manifests  # noqa: E402

# NC_EXTENSION_DIR lets a developer point the harness at a copy of the extension.
EXTENSION_DIR = Path(os.environ.get("NC_EXTENSION_DIR", ROOT / "extension"))
FIXTURES_DIR = ROOT / "tests" / "fixtures"
CHROMIUM = os.environ.get("NC_CHROMIUM", "/usr/bin/chromium")
FIREFOX = os.environ.get("NC_FIREFOX", shutil.which("firefox-esr") or "firefox-esr")
# The engines every browser test runs on (NC_ENGINES=chromium runs one, e.g. while developing).
ENGINES = tuple(os.environ.get("NC_ENGINES", "chromium,firefox").split(","))
FIREFOX_SHIM = ROOT / "tests" / "support" / "firefox_shim.py"
# The schemes of extension pages in Chromium and in Firefox.
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://")
PERSON_ATTR = "data-test-person"
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


def blocklist_document(
    people: list[dict[str, Any]], paused: bool = False, disabled: tuple[str, ...] = ()
) -> dict:
    """Build a ``doc.blocklist`` (PROTOCOL §3.1) listing ``people``.

    ``people`` is a list of ``{"label": str, "accounts": [{"platform", "handle"?, "id"?}]}``. What
    content scripts match against is left to the background, which derives it from this document.
    Handles are written as given; test data uses the normalised (lower-case) form.
    """
    now = int(time.time() * 1000)
    register = {"ts": now, "device": "test"}

    def tag() -> str:
        return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")

    doc: dict[str, Any] = {
        "format": 1,
        "people": {},
        "removed": [],
        "pending": {},
        "sites": {p: {"value": False, **register} for p in disabled},
        "paused": {"value": paused, **register},
    }
    for person in people:
        accounts = {}
        for account in person["accounts"]:
            handle, ident = account.get("handle"), account.get("id")
            key = (
                f"{account['platform']}:id:{ident}"
                if ident
                else f"{account['platform']}:h:{handle}"
            )
            accounts[key] = {
                "adds": [tag()],
                "platform": account["platform"],
                "handle": handle,
                "id": ident,
                "instance": None,
            }
        doc["people"][tag()] = {
            "adds": [tag()],
            "label": {"value": person.get("label", ""), **register},
            "note": {"value": person.get("note", ""), **register},
            "names": {"value": [], **register},
            "created_at": now,
            "accounts": accounts,
        }
    return doc


# Runs in the service worker: waits until `matchIndex` lists exactly `expected` (platform ->
# [handles, ids], handles lower-cased) and the redirect rules stand for it: every rule's token is a
# current target, and every target is someone expected (none are left from an earlier list).
# Empties what the extension keeps, then reloads it; the reload comes after the answer, so the
# call returns before the background goes away.
_RESET_JS = """async () => {
  await chrome.storage.local.clear();
  await chrome.storage.session.clear();
  const dnr = chrome.declarativeNetRequest;
  const ids = (rules) => ({ removeRuleIds: rules.map((r) => r.id) });
  await dnr.updateDynamicRules(ids(await dnr.getDynamicRules()));
  await dnr.updateSessionRules(ids(await dnr.getSessionRules()));
  await chrome.alarms.clearAll();
  setTimeout(() => chrome.runtime.reload(), 50);
}"""


def _quietly(read: Callable[[], Any]) -> Any:
    """``read()``, or None while the extension is still starting again."""
    try:
        return read()
    except PlaywrightError:
        return None


_DERIVED_JS = """async ({ expected, paused, disabled }) => {
  const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  const listed = (p, person) => {
    const [handles, ids] = expected[p] || [[], []];
    return handles.includes(person.handle) || ids.includes(person.id);
  };
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const { matchIndex: index, interstitialTargets: targets } =
      await chrome.storage.local.get(["matchIndex", "interstitialTargets"]);
    const indexed = index && index.paused === paused &&
      Object.entries(index.platforms).every(([p, slot]) => {
        const [handles, ids] = expected[p] || [[], []];
        return slot.enabled === !disabled.includes(p) &&
          same(slot.handles, handles) && same(slot.ids, ids);
      });
    if (indexed && targets) {
      const rules = await chrome.declarativeNetRequest.getDynamicRules();
      const tokens = rules.map((r) => r.action.redirect.extensionPath.split("#")[1]);
      const current = Object.values(targets).every((t) => listed(t.platform, t.person));
      // Whether some listed handle or id of an enabled site has a redirect template.
      const redirects = ([p, [handles, ids]]) => {
        const templates = globalThis.NoContactSites.forPlatform(p)?.redirects || {};
        return !disabled.includes(p) &&
          ((handles.length && templates.handle?.length) || (ids.length && templates.id?.length));
      };
      const anyRedirect = !paused && Object.entries(expected).some(redirects);
      const consistent = tokens.length === Object.keys(targets).length &&
        tokens.every((t) => t in targets);
      if (current && consistent && (!anyRedirect || tokens.length > 0)) return true;
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  return false;
}"""


def _gecko_id(folder: Path) -> str:
    """The add-on id Firefox knows the extension by (its manifest's gecko id)."""
    manifest = json.loads((folder / "manifest.json").read_text())
    return manifest["browser_specific_settings"]["gecko"]["id"]


def _profile_uuid(profile: Path) -> str:
    """The extension's moz-extension UUID in this Firefox profile. Firefox draws a random one per
    profile, as here (every run meets a new origin); it is kept with the profile so that the same
    profile opened again keeps its origin, and told to Firefox so the tests know the address."""
    kept = profile / "nc-extension-uuid"
    if not kept.exists():
        profile.mkdir(parents=True, exist_ok=True)
        kept.write_text(str(uuid.uuid4()))
    return kept.read_text()


@dataclass(frozen=True)
class Phone:
    """A phone's screen and browser, for the mobile layouts: the viewport in CSS pixels and the
    user agent the sites choose their mobile pages by."""

    width: int
    height: int
    user_agent: str


# Firefox for Android on a mid-size phone (the sites' mobile pages key on "Mobile" in the agent).
FIREFOX_ANDROID = Phone(
    412, 915, "Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0"
)


# Chromium loads its own build of the extension (scripts/browser_manifests.py: no web-accessible
# page), staged once per source folder for this test process.
_CHROMIUM_BUILDS: dict[Path, Path] = {}


def chromium_build(folder: Path) -> Path:
    """The folder Chromium loads for the extension in ``folder``: its Chromium build."""
    if folder not in _CHROMIUM_BUILDS:
        parent = tempfile.mkdtemp(prefix="nc-chromium-build-")
        atexit.register(shutil.rmtree, parent, ignore_errors=True)
        staged = Path(parent) / "extension"
        _CHROMIUM_BUILDS[folder] = browser_manifests.stage_for_chromium(folder, staged)
    return _CHROMIUM_BUILDS[folder]


# A browser starts in 1 to 5 s here, 20 s on a loaded machine; one that takes a minute hangs.
LAUNCH_TIMEOUT_MS = 60_000


def _launch_chromium(
    playwright: Playwright, user_data_dir: str, folder: Path, phone: Phone | None = None
) -> BrowserContext:
    folder = chromium_build(folder)
    screen: dict[str, Any] = {}
    if phone is not None:
        screen = {
            "viewport": {"width": phone.width, "height": phone.height},
            "user_agent": phone.user_agent,
            "is_mobile": True,
            "has_touch": True,
        }
    return playwright.chromium.launch_persistent_context(
        user_data_dir,
        executable_path=CHROMIUM,
        headless=True,
        timeout=LAUNCH_TIMEOUT_MS,
        args=[f"--disable-extensions-except={folder}", f"--load-extension={folder}"],
        **screen,
    )


def _launch_firefox(
    playwright: Playwright,
    user_data_dir: str,
    folder: Path,
    uuid: str,
    extra_prefs: dict[str, Any] | None = None,
    phone: Phone | None = None,
) -> BrowserContext:
    """Firefox ESR with the extension installed in its profile (unsigned: ESR allows it), its
    pages at moz-extension://<uuid>."""
    profile = Path(user_data_dir)
    (profile / "extensions").mkdir(parents=True, exist_ok=True)
    gecko = _gecko_id(folder)
    with zipfile.ZipFile(profile / "extensions" / f"{gecko}.xpi", "w") as xpi:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                xpi.write(file, file.relative_to(folder))
    shim = profile / "firefox-shim.sh"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FIREFOX_SHIM}" "$@"\n')
    shim.chmod(0o755)
    prefs: dict[str, Any] = {
        "xpinstall.signatures.required": False,
        "extensions.autoDisableScopes": 0,
        "extensions.enabledScopes": 15,
        "extensions.webextensions.uuids": json.dumps({gecko: uuid}),
        # Nothing of Firefox's own calls home from the tests (the network is closed anyway).
        "app.update.enabled": False,
        "extensions.update.enabled": False,
        "browser.shell.checkDefaultBrowser": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        "network.captive-portal-service.enabled": False,
        **(extra_prefs or {}),
    }
    screen: dict[str, Any] = {}
    if phone is not None:
        # Firefox takes the agent as a pref (Playwright's option is not implemented over BiDi).
        prefs["general.useragent.override"] = phone.user_agent
        screen = {"viewport": {"width": phone.width, "height": phone.height}}
    context = playwright.firefox.launch_persistent_context(
        user_data_dir,
        channel="moz-firefox",
        executable_path=str(shim),
        headless=True,
        timeout=LAUNCH_TIMEOUT_MS,
        firefox_user_prefs=prefs,
        # Needed to open moz-extension:// pages over WebDriver BiDi.
        args=["--remote-allow-system-access"],
        env={**os.environ, "NC_FIREFOX": FIREFOX},
        **screen,
    )
    return context


class _ExtensionPageBackground:
    """Firefox's stand-in for ``ExtBrowser.sw``: code runs in an extension page of its own, with
    the same extension APIs (the background itself is an event page reached through
    runtime.getBackgroundPage, see ``ExtBrowser.call_background``)."""

    def __init__(self, ext: ExtBrowser) -> None:
        self._ext = ext
        self._page: Page | None = None

    def host(self) -> Page:
        """The extension page code runs in (opened again if something closed it)."""
        if self._page is None or self._page.is_closed():
            self._page = self._ext.context.new_page()
            self._page.goto(self._ext.ext_url("pages/popup.html?harness"))
        return self._page

    def evaluate(self, expression: str, arg: Any = None) -> Any:
        """Evaluate like Playwright's Worker.evaluate."""
        return self.host().evaluate(expression, arg)


class ExtBrowser:
    """One browser (Chromium or Firefox ESR) with the extension and a persistent profile."""

    def __init__(
        self,
        playwright: Playwright,
        user_data_dir: str,
        extension: Path | None = None,
        keep_welcome: bool = False,
        engine: str = "chromium",
        firefox_prefs: dict[str, Any] | None = None,
        phone: Phone | None = None,
    ) -> None:
        """Start the browser with the extension. A fresh install opens the first run in a tab of
        its own; it is closed here (so tests start from a quiet browser) unless ``keep_welcome``,
        and then stays as ``.welcome``. ``firefox_prefs`` are set in a Firefox profile on top of
        the harness's own (e.g. the event page's idle timeout); ``phone`` gives the browser a
        phone's viewport and user agent (the mobile layouts)."""
        folder = Path(extension or EXTENSION_DIR)
        self.engine = engine
        self.monitor = FrameMonitor()
        # A browser that dies while starting (it happens to Firefox on a loaded machine) is started
        # once more: that is the machine, not the extension.
        # So is one that hangs while starting (seen once in Firefox: no page after 180 s).
        for attempt in (1, 2):
            try:
                if engine == "firefox":
                    self._uuid = _profile_uuid(Path(user_data_dir))
                    self.context: BrowserContext = _launch_firefox(
                        playwright, user_data_dir, folder, self._uuid, firefox_prefs, phone
                    )
                else:
                    self.context = _launch_chromium(playwright, user_data_dir, folder, phone)
            except PlaywrightError:
                if attempt == 2:
                    raise
                continue
            try:
                _abort_network(self.context)
                self.context.expose_binding(
                    "__ncReportFrame",
                    lambda _source, url, shown: self.monitor.bad_frames.append(
                        {"url": url, "shown": shown}
                    ),
                )
                self.context.add_init_script(MONITOR_JS)
                break
            except PlaywrightError:
                with contextlib.suppress(PlaywrightError):
                    self.context.close()
                if attempt == 2:
                    raise
        self._sw: Worker | None = None
        self._sw_missing = False
        self._page_background = _ExtensionPageBackground(self)
        self.welcome = self._first_run()
        if self.welcome is not None and not keep_welcome:
            self.welcome.close()
            self.welcome = None
        if engine == "firefox":
            # Open the tab the harness runs its code in now: opened later, it would come to the
            # front, and Firefox sends keys and focus only to the tab in front.
            self._page_background.host()
            if self.welcome is not None:
                self.welcome.bring_to_front()

    def _first_run(self) -> Page | None:
        """Wait for the first-run tab a fresh install opens (None when the profile was used)."""
        if self.engine == "firefox":
            # An add-on placed in the profile starts without runtime.onInstalled: nothing opens.
            return None
        welcome = "/pages/welcome.html"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            found = [page for page in self.context.pages if welcome in page.url]
            if found:
                return found[0]
            # Wait through the browser so its events (a new tab, its address) come in meanwhile;
            # a tab may appear as about:blank first and only then load the first run.
            try:
                self.context.wait_for_event("page", timeout=200)
            except PlaywrightTimeoutError:
                pass
        return None

    @property
    def sw(self) -> Any:
        """Where code runs with the extension's privileges: Chromium's service worker, or, in
        Firefox, an extension page (both have the same extension APIs)."""
        if self.engine == "firefox":
            return self._page_background
        worker = self.find_sw(timeout=30.0)
        if worker is None:
            raise AssertionError("the extension's service worker did not start")
        return worker

    def in_background(self, function: str, arg: Any = None) -> Any:
        """Run ``function(backgroundGlobal, arg)`` (JavaScript source) in the background itself and
        return its result: in Chromium's service worker, or on Firefox's event page, reached from
        an extension page through runtime.getBackgroundPage."""
        if self.engine == "firefox":
            return self._page_background.evaluate(
                f"async (arg) => ({function})(await browser.runtime.getBackgroundPage(), arg)", arg
            )
        return self.sw.evaluate(f"(arg) => ({function})(globalThis, arg)", arg)

    def call_background(self, name: str, *args: Any) -> Any:
        """Call a function the background exposes on its global for tests (``ncMenuClick``,
        ``ncCommand``)."""
        return self.in_background("(g, [n, a]) => g[n](...a)", [name, list(args)])

    def record_background_logs(self) -> Callable[[], list[str]]:
        """Keep every console message the background writes from now on; return a function that
        lists them so far."""
        if self.engine == "chromium":
            logs: list[str] = []
            self.sw.on("console", lambda message: logs.append(message.text))
            return lambda: list(logs)
        self.in_background(
            """(g) => {
              g.__logs = [];
              for (const level of ["log", "info", "warn", "error", "debug"]) {
                const write = g.console[level].bind(g.console);
                g.console[level] = (...parts) => {
                  g.__logs.push(parts.map(String).join(" "));
                  write(...parts);
                };
              }
            }"""
        )
        return lambda: list(self.in_background("(g) => g.__logs"))

    def find_sw(self, timeout: float = 2.0) -> Worker | None:
        """Return Chromium's service worker, or None if it does not start within ``timeout`` s."""
        if self.engine == "firefox":
            return None
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
        """The extension's id in its pages' addresses: Chromium's from the manifest key, or in
        Firefox the profile's random UUID."""
        return self._uuid if self.engine == "firefox" else extension_id()

    @property
    def origin(self) -> str:
        """The origin of the extension's pages."""
        scheme = "moz-extension" if self.engine == "firefox" else "chrome-extension"
        return f"{scheme}://{self.ext_id}"

    def ext_url(self, path: str) -> str:
        """Return the address of an extension file, e.g. ``pages/interstitial.html``."""
        return f"{self.origin}/{path.lstrip('/')}"

    def reset(self) -> None:
        """Firefox: bring the extension back to a just-installed state in this same browser:
        every tab closed, its storage, redirect rules and alarms cleared, the add-on reloaded (its
        background starts again with nothing in memory). About 0.7 s, where a new Firefox takes
        about 5 s to start and stop. What it keeps is the profile's own: history, cookies and
        permissions granted (a test about those takes ``ext_fresh``). Chromium does not reload
        an extension loaded from the command line (it stays blocked), see ``ext_clean``."""
        assert self.engine == "firefox", "only Firefox reloads the add-on in place"
        host = self._page_background.host()
        for page in self.context.pages:
            if page is not host:
                page.close()
        self.in_background("(g) => { g.__ncBeforeReset = true; }")
        self.in_background(_RESET_JS)
        # Firefox closes the add-on's pages when it reloads it; the harness's own opens again on
        # its next use, before any tab of the test (the tab in front gets the keys).
        if not host.is_closed():
            host.wait_for_event("close", timeout=10000)
        wait_for(lambda: _quietly(lambda: self.in_background("(g) => !g.__ncBeforeReset")))
        self.monitor.clear()

    def _storage(self, function: str, arg: Any) -> Any:
        return self.sw.evaluate(function, arg)

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
    ) -> None:
        """List ``people`` (write ``doc.blocklist``); return once the background has derived the
        match index content scripts read and the redirect rules from it."""
        self.storage_set({"doc.blocklist": blocklist_document(people, paused, disabled)})
        expected: dict[str, tuple[list[str], list[str]]] = {}
        for person in people:
            for account in person["accounts"]:
                handles, ids = expected.setdefault(account["platform"], ([], []))
                if account.get("handle"):
                    handles.append(account["handle"].lower())
                if account.get("id"):
                    ids.append(account["id"])
        arg = {"expected": expected, "paused": paused, "disabled": list(disabled)}
        assert self.sw.evaluate(_DERIVED_JS, arg), "the background did not derive the match index"

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
          // The engine marks with attribute names made up for each page (content/engine.js), so
          // what it hid is found by its form: display none and an empty data-<10 random> mark.
          const mark = /^data-[a-z][a-z0-9]{9}$/;
          const hiddenHere = (n) => getComputedStyle(n).display === "none" &&
            [...n.attributes].some((a) => mark.test(a.name) && a.value === "");
          const ours = (el) => {
            for (let n = el; n; n = n.parentElement) if (hiddenHere(n)) return true;
            return getComputedStyle(document.body).visibility === "hidden";
          };
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


_CATCH_SAVED_FILE = """() => {
  // Firefox: remember what the page hands the browser to save (pages/page.js saveFile), and stop
  // there: the Blob it made and the name it gave.
  window.__ncSaved = [];
  const make = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob) => {
    window.__ncSaved.push({ blob, name: null });
    return make(blob);
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    const last = window.__ncSaved[window.__ncSaved.length - 1];
    if (this.download && last && last.name === null) { last.name = this.download; return; }
    return click.call(this);
  };
}"""


def saved_file(ext: ExtBrowser, page: Page, action: Callable[[], Any]) -> tuple[str, str]:
    """Run ``action`` (a click that saves a file from an extension page); return the file's name
    and text.

    Chromium: the browser's download itself. Exception, Firefox: Playwright's Firefox driver
    reports no download started by a moz-extension:// page, so there the test takes the file the
    page hands the browser (its Blob and name), which is everything the page decides.
    """
    if ext.engine != "firefox":
        with page.expect_download() as download:
            action()
        return download.value.suggested_filename, Path(download.value.path()).read_text()
    page.evaluate(_CATCH_SAVED_FILE)
    action()
    wait_for(lambda: page.evaluate("window.__ncSaved.some((s) => s.name)"), page=page)
    name, text = page.evaluate(
        "async () => { const s = window.__ncSaved.find((x) => x.name);"
        " return [s.name, await s.blob.text()]; }"
    )
    return str(name), str(text)


@contextlib.contextmanager
def scripts_arriving_late(
    ext: ExtBrowser, url_glob: str, delay: float, body: str = ""
) -> Iterator[list[str]]:
    """While inside: scripts matching ``url_glob`` are answered ``delay`` seconds late with
    ``body``; a fixture that loads one mid-page makes the parser stop there, as a large page
    arriving in pieces does. Yields the URLs requested. Register it after ``ext.serve`` (the later
    route wins)."""
    requested: list[str] = []

    def late(route: Route) -> None:
        requested.append(route.request.url)
        time.sleep(delay)
        route.fulfill(status=200, content_type="text/javascript", body=body)

    ext.context.route(url_glob, late)
    try:
        yield requested
    finally:
        ext.context.unroute(url_glob, late)


def open_fixture(ext: ExtBrowser, page: Page, url: str, fixture: str | Path | dict) -> None:
    """Serve ``fixture`` at ``url``'s site, open ``url`` and let a few frames paint."""
    origin = re.match(r"^https?://[^/]+", url)
    assert origin, url
    ext.serve(origin.group(0) + "/**", fixture)
    page.goto(url)
    wait_frames(page, 3)


def interstitial_reached(ext: ExtBrowser, page: Page, timeout: float = 5.0) -> str:
    """Wait until ``page`` shows the extension's interstitial page; return its URL.

    Its origin is the extension's own, or Chromium's per-session dynamic one (use_dynamic_url).
    """
    page.wait_for_url(
        lambda url: url.startswith(EXTENSION_SCHEMES) and "/pages/interstitial.html#" in url,
        timeout=timeout * 1000,
    )
    return page.url


def add_instance_through_options(page: Page, typed: str) -> str:
    """Type into the options page's Mastodon section and press its button; return its status."""
    page.get_by_label("Server address").fill(typed)
    page.get_by_role("button", name="Add server").click()
    status = page.locator("#instances [role=status]")
    wait_for(lambda: status.text_content())
    text = status.text_content() or ""
    page.evaluate("document.querySelector('#instances [role=status]').textContent = ''")
    return text


def extension_copy(folder: Path, grants: list[str]) -> Path:
    """Copy the extension into ``folder``, its manifest granting these host patterns at install.

    Automation cannot answer the browser's permission prompt; with the host granted, the pages'
    permissions.request resolves at once, and everything after it is the real code.
    """
    copy = folder / "extension"
    shutil.copytree(EXTENSION_DIR, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["host_permissions"] = [*manifest.get("host_permissions", []), *grants]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


def instances_browser(
    playwright: Playwright,
    folder: Path,
    hosts: list[str],
    typed: list[str] | None = None,
    engine: str = "chromium",
) -> ExtBrowser:
    """A browser whose user added these Mastodon instances on the options page (typing ``typed``,
    a host, a profile link or a handle on each, or else the host names).

    The instances are added through the extension's own path (background/instances.js: parse what
    the user typed, chrome.permissions.request, store, chrome.scripting.registerContentScripts),
    driven by a click so the request runs in a user gesture, on a copy that grants the hosts
    (``extension_copy``).
    """
    copy = extension_copy(folder, [f"https://{host}/*" for host in hosts])
    browser = ExtBrowser(playwright, str(folder / "profile"), extension=copy, engine=engine)
    page = browser.new_page()
    options_section(browser, page, "sites")
    for text in typed or hosts:
        answer = add_instance_through_options(page, text)
        assert answer.startswith("Added "), answer
    page.close()
    return browser


def open_person(page: Page, label: str) -> None:
    """On the options page, open a person's details (their row shows only their name until then)."""
    row = page.locator("details.person", has=page.locator("summary .who", has_text=label)).first
    if not row.evaluate("details => details.open"):
        row.locator("summary").click()


def set_settings(ext: ExtBrowser, changes: dict) -> None:
    """Change settings as the options page does (the background's settings.set)."""
    page = ext.new_page()
    try:
        page.goto(ext.ext_url("pages/popup.html"))
        answer = page.evaluate(
            "(changes) => chrome.runtime.sendMessage({type: 'settings.set', changes})", changes
        )
        assert answer["ok"], answer
    finally:
        page.close()


def short_pause(ext: ExtBrowser) -> None:
    """Make the reflection flow's pause one second in this browser, for tests that only pass
    through it (a flow opened after this). The flow's own test waits out the real ten seconds
    (test_reflection.py)."""
    ext.sw.evaluate("chrome.storage.session.set({ testPauseSeconds: 1 })")


def set_discreet(ext: ExtBrowser, on: bool) -> None:
    """Switch discreet mode."""
    set_settings(ext, {"discreet": on})


def options_section(ext: ExtBrowser, page: Page, section: str) -> None:
    """Open the options page at one of its sections (people, waiting, record, plan, sites,
    devices, backup, safety) and wait until the section is shown."""
    url = ext.ext_url(f"pages/options.html#{section}")
    # The user is looking at it (Firefox gives focus only to the tab in front).
    page.bring_to_front()
    # The same address with only another fragment would not load the page again.
    if page.url.split("#")[0] == url.split("#")[0]:
        page.goto("about:blank")
    page.goto(url)
    page.locator(f"section#{section}:not([hidden]) h2").first.wait_for()


def add_through_options(
    page: Page, text: str, name: str = "", note: str = "", site: str = ""
) -> str:
    """On the options page's People section, add someone like a user does; return the answer."""
    box = page.locator("#add-box")
    if not box.evaluate("details => details.open"):
        box.locator("summary").click()
    page.locator("#add-input").fill(text)
    if site:
        page.locator("#add-site").select_option(site)
    page.locator("#add-name").fill(name)
    page.locator("#add-note").fill(note)
    status = page.locator("#add-status")
    page.locator("#add-form button[type=submit]").click()
    wait_for(lambda: status.text_content(), page=page)
    return status.inner_text()
