"""A small WebDriver BiDi client for Firefox ESR with the extension installed.

Firefox speaks WebDriver BiDi natively, so no geckodriver is needed (none is packaged for Debian
and none can be downloaded here). One reader thread owns the socket: command results are handed to
the waiting caller, and events go to handlers. Handlers run on the reader thread, so they may only
*send* (``send_nowait``), never wait for a result, or the reader would wait for itself.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox") or "firefox-esr"
GECKO_ID = "no-contact@nocontact.app"
# Pinned so that extension pages have a known address in every run (see user.js below).
EXTENSION_UUID = "6f1a6c2e-3c59-4b8e-9d0f-0b7c2a41e5d1"
EXTENSION_ORIGIN = f"moz-extension://{EXTENSION_UUID}"
_LISTENING = re.compile(r"WebDriver BiDi listening on (ws://[\d.:]+)")


class BiDiError(RuntimeError):
    """A BiDi command failed; the message carries Firefox's error and text."""


class BiDi:
    """One BiDi session over a websocket, with a reader thread."""

    def __init__(self, url: str) -> None:
        # Entered by hand: the connection lives as long as this object, not a `with` block
        # (websockets 17 warns about a plain connect() otherwise).
        self._ws = connect(url, max_size=None, open_timeout=10).__enter__()
        self._ids = itertools.count(1)
        self._waiting: dict[int, queue.Queue] = {}
        self._handlers: dict[str, list[Callable[[dict], None]]] = {}
        self._lock = threading.Lock()
        self.failure: Exception | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for raw in self._ws:
                message = json.loads(raw)
                if "id" in message and message["id"] in self._waiting:
                    self._waiting.pop(message["id"]).put(message)
                elif message.get("type") == "event":
                    for handler in self._handlers.get(message["method"], []):
                        handler(message["params"])
        except Exception as error:  # noqa: BLE001 - socket closed: wake every waiting caller
            self.failure = error
        for waiting in list(self._waiting.values()):
            waiting.put({"type": "error", "error": "closed", "message": "Firefox went away"})

    def send_nowait(self, method: str, params: dict) -> None:
        """Send a command without waiting for its result (safe inside event handlers)."""
        with self._lock:
            self._ws.send(json.dumps({"id": next(self._ids), "method": method, "params": params}))

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict:
        """Send a command and return its result, raising BiDiError on failure."""
        answer: queue.Queue = queue.Queue()
        with self._lock:
            command_id = next(self._ids)
            self._waiting[command_id] = answer
            self._ws.send(json.dumps({"id": command_id, "method": method, "params": params or {}}))
        try:
            message = answer.get(timeout=timeout)
        except queue.Empty:
            self._waiting.pop(command_id, None)
            reason = f" (reader stopped: {self.failure!r})" if self.failure else ""
            raise BiDiError(f"{method}: no answer within {timeout} s{reason}") from None
        if message.get("type") == "error":
            raise BiDiError(f"{method}: {message.get('error')}: {message.get('message')}")
        return message["result"]

    def on(self, event: str, handler: Callable[[dict], None]) -> None:
        """Call handler(params) for every event of that name (after session.subscribe)."""
        self._handlers.setdefault(event, []).append(handler)

    def close(self) -> None:
        """Close the socket."""
        self._ws.close()


def _user_js(profile: Path) -> None:
    prefs = {
        # Known moz-extension:// address for the temporarily installed extension.
        "extensions.webextensions.uuids": json.dumps({GECKO_ID: EXTENSION_UUID}),
        "browser.shell.checkDefaultBrowser": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        "toolkit.telemetry.reportingpolicy.firstRun": False,
        "browser.aboutwelcome.enabled": False,
        "app.update.disabledForTesting": True,
        "extensions.getAddons.cache.enabled": False,
        "network.captive-portal-service.enabled": False,
        "network.connectivity-service.enabled": False,
        "browser.safebrowsing.update.enabled": False,
        "extensions.blocklist.enabled": False,
        # Grant optional permissions without the prompt automation cannot answer (sync server host).
        "extensions.webextOptionalPermissionPrompts": False,
    }
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in prefs.items()]
    (profile / "user.js").write_text("\n".join(lines) + "\n")


class Firefox:
    """Firefox ESR, headless, with a fresh profile and the extension installed from a folder."""

    def __init__(self, extension_dir: Path | str) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="nocontact-ff-"))
        _user_js(self.profile)
        self.process = subprocess.Popen(
            [
                FIREFOX,
                "--headless",
                "--no-remote",
                "--profile",
                str(self.profile),
                "--remote-debugging-port=0",
                # Needed to open and script moz-extension:// pages over BiDi.
                "--remote-allow-system-access",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            self.bidi = BiDi(self._ws_url() + "/session")
            self.bidi.send(
                "session.new", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": True}}}
            )
            installed = self.bidi.send(
                "webExtension.install",
                {"extensionData": {"type": "path", "path": str(Path(extension_dir).resolve())}},
            )
            self.extension_id = installed["extension"]
        except BaseException:
            self.quit()
            raise
        self._routes: list[tuple[str, Callable[[str], tuple[int, str, str]]]] = []
        self.requests: list[str] = []

    def _ws_url(self, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        assert self.process.stderr is not None
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            match = _LISTENING.search(line)
            if match:
                # Keep draining stderr so Firefox never blocks on a full pipe.
                self._drain = threading.Thread(target=self.process.stderr.read, daemon=True)
                self._drain.start()
                return match.group(1)
        raise BiDiError("Firefox did not start its BiDi server:\n" + "".join(seen[-20:]))

    # -- tabs and scripts ---------------------------------------------------------------------

    def new_tab(self) -> str:
        """Open a tab and return its browsing context id."""
        return self.bidi.send("browsingContext.create", {"type": "tab"})["context"]

    def navigate(self, context: str, url: str, wait: str = "complete") -> None:
        """Navigate; use wait="none" for extension pages and redirected loads, then poll."""
        self.bidi.send("browsingContext.navigate", {"context": context, "url": url, "wait": wait})

    def evaluate(self, context: str, expression: str, timeout: float = 30) -> Any:
        """Evaluate an expression (awaited) in the page and return its JSON value."""
        wrapped = f"(async () => JSON.stringify(await ({expression})))()"
        result = self.bidi.send(
            "script.evaluate",
            {"expression": wrapped, "target": {"context": context}, "awaitPromise": True},
            timeout=timeout,
        )
        if result.get("type") == "exception":
            details = result["exceptionDetails"]
            raise BiDiError(f"script error: {details.get('text')}")
        value = result["result"]
        return None if value.get("type") != "string" else json.loads(value["value"])

    def wait_for(self, context: str, expression: str, timeout: float = 10) -> Any:
        """Poll until the expression is truthy in the page and return its value."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            try:
                last = self.evaluate(context, expression)
            except BiDiError as error:  # the page may be mid-navigation
                last = error
            if last and not isinstance(last, BiDiError):
                return last
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {expression!r}; last value: {last!r}")

    def click(self, context: str, css: str) -> None:
        """Click an element with real input (a user gesture, unlike element.click() in script)."""
        nodes = self.bidi.send(
            "browsingContext.locateNodes",
            {"context": context, "locator": {"type": "css", "value": css}, "maxNodeCount": 1},
        )["nodes"]
        if not nodes:
            raise BiDiError(f"no element matches {css!r}")
        element = {"sharedId": nodes[0]["sharedId"]}
        self.bidi.send(
            "script.callFunction",
            {
                "functionDeclaration": "(el) => el.scrollIntoView({block: 'center'})",
                "arguments": [element],
                "target": {"context": context},
                "awaitPromise": False,
            },
        )
        origin = {"type": "element", "element": element}
        pointer = [
            {"type": "pointerMove", "x": 0, "y": 0, "origin": origin},
            {"type": "pointerDown", "button": 0},
            {"type": "pointerUp", "button": 0},
        ]
        self.bidi.send(
            "input.performActions",
            {
                "context": context,
                "actions": [{"type": "pointer", "id": "mouse", "actions": pointer}],
            },
        )

    def url(self, context: str) -> str:
        """Return the current URL of a tab."""
        tree = self.bidi.send("browsingContext.getTree", {"root": context})
        return tree["contexts"][0]["url"]

    # -- fixture pages at real addresses --------------------------------------------------------

    def route(self, hostname: str, handler: Callable[[str], tuple[int, str, str]]) -> None:
        """Answer https requests to hostname with handler(url) -> (status, content type, body)."""
        if not self._routes:
            self.bidi.send("session.subscribe", {"events": ["network.beforeRequestSent"]})
            self.bidi.on("network.beforeRequestSent", self._answer)
        self._routes.append((hostname, handler))
        self.bidi.send(
            "network.addIntercept",
            {
                "phases": ["beforeRequestSent"],
                "urlPatterns": [{"type": "pattern", "protocol": "https", "hostname": hostname}],
            },
        )

    def _answer(self, params: dict) -> None:
        url = params["request"]["url"]
        self.requests.append(url)
        if not params.get("isBlocked"):
            return
        host = url.split("/")[2]
        for hostname, handler in self._routes:
            if host == hostname:
                status, content_type, body = handler(url)
                self.bidi.send_nowait(
                    "network.provideResponse",
                    {
                        "request": params["request"]["request"],
                        "statusCode": status,
                        "reasonPhrase": "OK" if status == 200 else "Not Found",
                        "headers": [
                            {
                                "name": "Content-Type",
                                "value": {"type": "string", "value": content_type},
                            }
                        ],
                        "body": {"type": "string", "value": body},
                    },
                )
                return

    # -- shutdown -------------------------------------------------------------------------------

    def quit(self) -> None:
        """Close Firefox, kill it if it hangs, and remove its profile."""
        bidi = getattr(self, "bidi", None)
        if bidi is not None:
            try:
                bidi.send("browser.close", timeout=5)
            except Exception:  # noqa: BLE001 - already gone is fine
                pass
            bidi.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        drain = getattr(self, "_drain", None)
        if drain is not None:
            drain.join(timeout=5)
        if self.process.stderr is not None:
            self.process.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)
