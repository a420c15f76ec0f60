"""A stand-in for firefox-esr that Playwright launches: the real Firefox, behind a small WebDriver
BiDi proxy that smooths over where this Firefox ESR and Playwright do not yet agree.

Playwright drives stock Firefox over WebDriver BiDi (its "moz-firefox" channel) and was written
for a newer Firefox. The proxy passes everything through untouched except:
- commands ESR 153 does not know, which Playwright sends at every new page
  (`emulation.setMediaFeaturesOverride`): answered with success (no test relies on them);
- a new page is a tab of the browser's window, not a window of its own (`_Relay.as_tab`):
  Playwright asks for a window, and each one costs Firefox a whole browser window's interface
  (measured in the site tests: the parent process's CPU time a third lower with tabs);
- moz-extension:// pages, the extension's own: their realm is announced and their loads reported
  (`_Relay.extension_page_committed`), and their tabs are reported closed when Firefox forgets to
  (`_Relay.report_closed_tabs`). Without these Playwright waits forever on the extension's pages.
Run as `python firefox_shim.py <firefox arguments>`; it prints the proxy's address in the same
"WebDriver BiDi listening on" line Playwright reads. NC_SHIM_LOG=<file> logs every message.
"""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import json
import os
import re
import signal
import sys
import time

import websockets

FIREFOX = os.environ.get("NC_FIREFOX", "firefox-esr")
# Commands of newer Firefox releases that Playwright sends unconditionally, with the result each
# answers.
SHIMMED: dict[str, dict] = {"emulation.setMediaFeaturesOverride": {}}
_LISTENING = re.compile(r"WebDriver BiDi listening on (ws://[\d.:]+)")


_LOG = os.environ.get("NC_SHIM_LOG")


def _log(direction: str, raw: str | bytes) -> None:
    if _LOG:
        with open(_LOG, "a") as log:
            log.write(f"{direction} {raw if isinstance(raw, str) else raw.decode()}\n")


def _die_with_parent() -> None:
    """Ask Linux to kill Firefox when this proxy dies (Playwright may kill it hard)."""
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


# Ids of the commands the proxy sends on its own (far above Playwright's counter).
_OWN_IDS = 1 << 40


# Events Firefox may send for a new tab before announcing it (see _Relay.hold).
_HELD_UNTIL_CREATED = {
    "browsingContext.navigationStarted",
    "browsingContext.navigationCommitted",
    "browsingContext.fragmentNavigated",
    "browsingContext.domContentLoaded",
    "browsingContext.load",
    "network.beforeRequestSent",
    "network.responseStarted",
    "network.responseCompleted",
    "network.fetchError",
    "script.realmCreated",
}


class _Relay:
    """One Playwright connection relayed to Firefox, with the fixes this Firefox ESR needs."""

    def __init__(self, client: websockets.ServerConnection, firefox: websockets.ClientConnection):
        self.client, self.firefox = client, firefox
        self.ids = itertools.count(_OWN_IDS)
        self.answers: dict[int, asyncio.Future[dict]] = {}
        # Top-level browsing contexts Playwright was told about (tabs and windows).
        self.tabs: set[str] = set()
        # Checks in flight (kept so the event loop does not drop them).
        self.checks: set[asyncio.Task[None]] = set()
        # Every browsing context Firefox announced (events or a getTree answer), and the events
        # that came for one before its announcement, held until it comes.
        self.known: set[str] = set()
        self.early: dict[str, list[str]] = {}
        # Tabs asked for in place of windows (command ids), and their answers held until Firefox
        # has announced the tab (see as_tab).
        self.creating: set[int] = set()
        self.created_answers: dict[str, str] = {}

    async def ask(self, method: str, params: dict) -> dict:
        """Send a command of the proxy's own; return Firefox's answer (Playwright never sees it)."""
        command_id = next(self.ids)
        answer = self.answers[command_id] = asyncio.get_running_loop().create_future()
        await self.firefox.send(json.dumps({"id": command_id, "method": method, "params": params}))
        return await answer

    async def from_playwright(self) -> None:
        async for raw in self.client:
            _log(">", raw)
            message = json.loads(raw)
            if message.get("method") in SHIMMED:
                reply = {"type": "success", "id": message["id"]}
                await self.client.send(json.dumps({**reply, "result": SHIMMED[message["method"]]}))
            elif message.get("method") == "browsingContext.create":
                await self.firefox.send(json.dumps(self.as_tab(message)))
            else:
                await self.firefox.send(raw)

    def as_tab(self, create: dict) -> dict:
        """Ask for a tab where Playwright asks for a window (its new_page).

        A window is Firefox's whole browser interface built again (tab strip, toolbars, theme):
        in the site tests, a quarter of the parent process's main thread in Firefox's profiler;
        with tabs the parent process's CPU time is a third lower, the whole browser's a quarter.
        A tab is all a test uses. Playwright reads the
        new page from the browsingContext.contextCreated event as soon as the command answers, and
        for a tab this Firefox may answer first: that answer waits for the event (from_firefox).
        """
        params = create.get("params", {})
        if params.get("type") != "window":
            return create
        self.creating.add(create["id"])
        return {**create, "params": {**params, "type": "tab"}}

    async def from_firefox(self) -> None:
        async for raw in self.firefox:
            _log("<", raw)
            message = json.loads(raw)
            if message.get("id", 0) >= _OWN_IDS:
                answer = self.answers.pop(message["id"], None)
                if answer is not None and not answer.done():
                    answer.set_result(message)
                continue
            if message.get("id") in self.creating:
                self.creating.discard(message["id"])
                made = (message.get("result") or {}).get("context")
                if made and made not in self.known:
                    self.created_answers[made] = raw
                    continue
            method, params = message.get("method"), message.get("params", {})
            self.learn_contexts(message.get("result"))
            context = params.get("context") if isinstance(params, dict) else None
            if method in _HELD_UNTIL_CREATED and context and context not in self.known:
                self.hold(context, raw)
                continue
            await self.client.send(raw)
            if method == "browsingContext.contextCreated":
                self.known.add(params["context"])
                await self.release(params["context"])
                answer = self.created_answers.pop(params["context"], None)
                if answer is not None:
                    await self.client.send(answer)
            if method == "browsingContext.contextCreated" and not params.get("parent"):
                self.tabs.add(params["context"])
            elif method == "browsingContext.contextDestroyed":
                self.tabs.discard(params["context"])
            elif method == "browsingContext.navigationCommitted":
                self.committed(params)
            elif method == "script.realmDestroyed" and self.tabs:
                # Each check looks several times; a new one starts for realms gone meanwhile.
                check = asyncio.create_task(self.report_closed_tabs())
                self.checks.add(check)
                check.add_done_callback(self.checks.discard)

    def committed(self, params: dict) -> None:
        """A navigation committed: an extension page gets the events it lacks."""
        if params.get("url", "").startswith("moz-extension://"):
            task = asyncio.create_task(self.extension_page_committed(params))
            self.checks.add(task)
            task.add_done_callback(self.checks.discard)

    def learn_contexts(self, result: object) -> None:
        """Remember the contexts a getTree answer lists (they were never "created" for us)."""
        if isinstance(result, dict) and isinstance(result.get("contexts"), list):
            for entry in result["contexts"]:
                self.known.add(entry["context"])
                self.learn_contexts(entry)
            return
        if isinstance(result, dict) and isinstance(result.get("children"), list):
            self.learn_contexts({"contexts": result["children"]})

    def hold(self, context: str, raw: str) -> None:
        """Keep an event for a context Firefox has not announced yet.

        A tab the extension opens with an address (tabs.create) starts navigating, and its request
        is blocked for interception, before browsingContext.contextCreated; Playwright drops
        events of contexts it does not know, so the request would wait for ever. Held events go
        out right after the announcement (or after two seconds, whatever happens).
        """
        if context not in self.early:
            self.early[context] = []
            release = asyncio.create_task(self.release(context, after=2.0))
            self.checks.add(release)
            release.add_done_callback(self.checks.discard)
        self.early[context].append(raw)

    async def release(self, context: str, after: float = 0.0) -> None:
        """Send the events held for ``context``."""
        if after:
            await asyncio.sleep(after)
        for raw in self.early.pop(context, []):
            await self.client.send(raw)
            message = json.loads(raw)
            if message.get("method") == "browsingContext.navigationCommitted":
                self.committed(message["params"])

    async def extension_page_committed(self, committed: dict) -> None:
        """Bring the events a moz-extension:// document never sends by itself.

        Such a document is loaded in the extension process. After that process switch this
        Firefox sometimes creates its realm without announcing it (script.realmCreated) until
        something runs in it, and never reports it as loaded (browsingContext.domContentLoaded and
        load); Playwright waits for all three. One script run in the page brings the realm's event
        and, once the document is complete, the proxy reports both loads itself.
        """
        loaded = (
            "new Promise((done) => document.readyState === 'complete' ? done()"
            " : addEventListener('load', () => done(), {once: true}))"
        )
        target = {"context": committed["context"]}
        answer = await self.ask(
            "script.evaluate", {"expression": loaded, "target": target, "awaitPromise": True}
        )
        if answer.get("type") != "success":
            return  # the page went (navigated or closed) before it finished loading
        for method in ("browsingContext.domContentLoaded", "browsingContext.load"):
            params = {
                "context": committed["context"],
                "navigation": committed.get("navigation"),
                "timestamp": int(time.time() * 1000),
                "url": committed["url"],
            }
            event = {"type": "event", "method": method, "params": params}
            _log("< (proxy)", json.dumps(event))
            await self.client.send(json.dumps(event))

    async def report_closed_tabs(self) -> None:
        """Tell Playwright about tabs that closed without browsingContext.contextDestroyed.

        When a moz-extension:// tab closes (closed by Playwright, or by the extension itself with
        tabs.remove) this Firefox drops its realms but does not always send the event, and
        Playwright would wait for it forever. Every time realms go, the proxy compares the tabs it
        knows with Firefox's own tree and reports the missing ones as destroyed.
        """
        await asyncio.sleep(0.3)
        await self.compare_tabs()

    async def watch_tabs(self) -> None:
        """Compare the tabs with Firefox's tree a few times a second: a tab the extension closes
        (tabs.remove) sometimes goes without realm events at all until something is sent to it."""
        while True:
            await asyncio.sleep(0.25)
            if self.tabs:
                await self.compare_tabs()

    async def compare_tabs(self) -> None:
        """Report every known tab missing from Firefox's tree as destroyed.

        Only tabs known before the question count: a tab announced while the answer is on its
        way is missing from it without being gone (reported destroyed, Playwright would lose it).
        """
        asked_about = set(self.tabs)
        answer = await self.ask("browsingContext.getTree", {"maxDepth": 0})
        if "result" not in answer:
            return
        alive = {tab["context"] for tab in answer["result"].get("contexts", [])}
        for context in sorted((asked_about & self.tabs) - alive):
            await self.report_destroyed(context)

    async def report_destroyed(self, context: str) -> None:
        """Send Playwright the browsingContext.contextDestroyed Firefox left out."""
        self.tabs.discard(context)
        event = {
            "type": "event",
            "method": "browsingContext.contextDestroyed",
            "params": {"context": context, "url": "about:blank", "children": [], "parent": None},
        }
        _log("< (proxy)", json.dumps(event))
        await self.client.send(json.dumps(event))


async def _relay(upstream: str, client: websockets.ServerConnection) -> None:
    async with websockets.connect(upstream + client.request.path, max_size=None) as firefox:
        relay = _Relay(client, firefox)
        watcher = asyncio.create_task(relay.watch_tabs())
        try:
            await asyncio.gather(
                relay.from_playwright(), relay.from_firefox(), return_exceptions=True
            )
        finally:
            watcher.cancel()


async def main() -> int:
    """Start Firefox, wait for its BiDi address, and serve the proxy in front of it."""
    process = await asyncio.create_subprocess_exec(
        FIREFOX,
        *sys.argv[1:],
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=_die_with_parent,
    )
    assert process.stderr is not None
    upstream = ""
    while not upstream:
        line = await process.stderr.readline()
        if not line:
            return await process.wait()
        found = _LISTENING.search(line.decode(errors="replace"))
        if found:
            upstream = found.group(1)
        else:
            sys.stderr.buffer.write(line)
            sys.stderr.flush()
    server = await websockets.serve(lambda c: _relay(upstream, c), "127.0.0.1", 0, max_size=None)
    port = server.sockets[0].getsockname()[1]
    sys.stderr.write(f"WebDriver BiDi listening on ws://127.0.0.1:{port}\n")
    sys.stderr.flush()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, process.terminate)
    while line := await process.stderr.readline():
        sys.stderr.buffer.write(line)
        sys.stderr.flush()
    code = await process.wait()
    server.close()
    return code


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
