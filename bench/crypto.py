"""Sync crypto in Chromium and Firefox (issue #14, part 4), run in an extension page with the
extension's own modules:

- unlock: what joining or unlocking a sync costs, envelope.deriveKeys (PBKDF2-SHA256 at the
  extension's iteration count, envelope.MIN_ITERATIONS, then two HKDF subkeys) and unwrapping the
  data key;
- encrypt + decrypt of a 1,000-person blocklist document as a sync round does it
  (lib/sync/crypto.js: JSON, padding to its size bucket, AES-256-GCM, and back), target ≤ 20 ms.

Each is repeated; the median and the spread (min–max) are reported.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import fmt, spread  # noqa: E402
from tests.browser.harness import ExtBrowser, blocklist_document  # noqa: E402

TARGET_MS = 20.0

CRYPTO_JS = r"""async ({ doc, unlocks, rounds }) => {
  const envelope = await import(chrome.runtime.getURL("lib/envelope.js"));
  const { syncCrypto } = await import(chrome.runtime.getURL("lib/sync/crypto.js"));
  const { b64u, unb64u } = await import(chrome.runtime.getURL("lib/base64url.js"));
  const { pad } = await import(chrome.runtime.getURL("lib/sync/padding.js"));
  const dataKey = syncCrypto.newDataKey();
  const unlock = [];
  for (let i = 0; i < unlocks; i++) {
    // A fresh salt each time, as a real unlock meets: Firefox's NSS keeps the last PBKDF2 result
    // and would answer a repeat of the same passphrase and salt at once.
    const kdf = envelope.newKdf();
    const t0 = performance.now();
    const keys = await syncCrypto.deriveKeys("correct horse battery staple", kdf);
    const t1 = performance.now();
    const wrapped = await syncCrypto.wrapDataKey(keys.kek, dataKey); // untimed: the server has it
    const t2 = performance.now();
    const opened = await syncCrypto.unwrapDataKey(keys.kek, wrapped);
    unlock.push(t1 - t0 + (performance.now() - t2));
    if (opened !== dataKey) throw new Error("the data key did not come back");
  }
  const kdf = envelope.newKdf();
  const chunked = (b) => {
    let out = "";
    const step = 32768;
    for (let i = 0; i < b.length; i += step) out += String.fromCharCode(...b.subarray(i, i + step));
    return btoa(out).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const loop = (t) => {
    const padded = t + "=".repeat((4 - (t.length % 4)) % 4);
    const bin = atob(padded.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  };
  const seal = [], open = [], both = [], steps = [];
  let size = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const sealed = await syncCrypto.encryptDocument(dataKey, "bench-sync", "blocklist", doc);
    const t1 = performance.now();
    const back = await syncCrypto.decryptDocument(dataKey, "bench-sync", "blocklist", sealed);
    const t2 = performance.now();
    seal.push(t1 - t0); open.push(t2 - t1); both.push(t2 - t0);
    size = sealed.ct.length;
    // Where the time goes, step by step (the same work as above, timed apart).
    const s0 = performance.now();
    const json = JSON.stringify(doc);
    const s1 = performance.now();
    const plain = pad(new TextEncoder().encode(json));
    const s2 = performance.now();
    const sealedAgain = await envelope.seal(unb64u(dataKey), plain, "aad");
    const s3 = performance.now();
    const ct = unb64u(sealedAgain.ct);
    const s4 = performance.now();
    b64u(ct);
    const s5 = performance.now();
    JSON.parse(new TextDecoder().decode(plain));
    const s6 = performance.now();
    // The fix BENCHMARKS.md proposes for lib/base64url.js, timed on the same bytes: the browser's
    // own Uint8Array.toBase64/fromBase64 (base64url alphabet) where it has them, else a loop.
    const native = typeof ct.toBase64 === "function" && typeof Uint8Array.fromBase64 === "function";
    const s7 = performance.now();
    const text = native ? ct.toBase64({ alphabet: "base64url", omitPadding: true }) : chunked(ct);
    const s8 = performance.now();
    const bytes = native
      ? Uint8Array.fromBase64(text, { alphabet: "base64url" })
      : loop(text);
    const s9 = performance.now();
    if (bytes.length !== ct.length || text !== sealedAgain.ct) throw new Error("not the same");
    steps.push({ stringify: s1 - s0, encode_pad: s2 - s1, aes_encrypt_and_b64u: s3 - s2,
                 unb64u: s4 - s3, b64u: s5 - s4, decode_parse: s6 - s5,
                 [native ? "native_toBase64" : "chunked_b64u"]: s8 - s7,
                 [native ? "native_fromBase64" : "loop_unb64u"]: s9 - s8 });
    if (Object.keys(back.people).length !== Object.keys(doc.people).length) throw new Error("lost");
  }
  return { iterations: kdf.iterations, unlock, seal, open, both, steps, ciphertext_chars: size,
           json_bytes: JSON.stringify(doc).length, agent: navigator.userAgent };
}"""


def document(count: int) -> dict:
    """A blocklist document of ``count`` people, each with an X account (the harness's shape)."""
    people = [
        {"label": f"Person {i}", "accounts": [{"platform": "x", "handle": f"person_{i}"}]}
        for i in range(count)
    ]
    return blocklist_document(people)


def measure(pw: Playwright, engine: str, size: dict[str, int]) -> dict[str, Any]:
    """One browser of ``engine``: unlock and encrypt + decrypt timings in an extension page."""
    with tempfile.TemporaryDirectory(prefix=f"nc-bench-crypto-{engine}-") as profile:
        ext = ExtBrowser(pw, profile, engine=engine)
        try:
            page = ext.new_page()
            page.goto(ext.ext_url("pages/sync.html"))
            arg = {
                "doc": document(size["people"]),
                "unlocks": size["unlocks"],
                "rounds": size["rounds"] + 1,
            }
            raw = page.evaluate(CRYPTO_JS, arg)
        finally:
            ext.close()
    for key in ("seal", "open", "both", "steps"):
        raw[key] = raw[key][1:]  # the first round warms up the code paths
    steps = {k: spread([step[k] for step in raw["steps"]]) for k in raw["steps"][0]}
    return {
        "iterations": raw["iterations"],
        "people": size["people"],
        "json_bytes": raw["json_bytes"],
        "ciphertext_chars": raw["ciphertext_chars"],
        "agent": raw["agent"],
        "unlock_ms": spread(raw["unlock"]),
        "encrypt_ms": spread(raw["seal"]),
        "decrypt_ms": spread(raw["open"]),
        "encrypt_decrypt_ms": spread(raw["both"]),
        "steps_ms": steps,
        "runs": {k: raw[k] for k in ("unlock", "seal", "open", "both")},
    }


def run(pw: Playwright, size: dict[str, int], engines: tuple[str, ...]) -> dict[str, Any]:
    """Every engine at ``size`` (people, unlocks, rounds)."""
    result: dict[str, Any] = {"size": size, "target_encrypt_decrypt_ms": TARGET_MS, "engines": {}}
    for engine in engines:
        result["engines"][engine] = measure(pw, engine, size)
    return result


def report(result: dict[str, Any]) -> list[str]:
    """The table printed at the end of ``./dev bench``."""
    lines = ["Crypto, median (min–max):"]
    for engine, e in result["engines"].items():
        lines.append(
            f"  {engine:8} unlock (PBKDF2 {e['iterations']:,}) {fmt(e['unlock_ms'], 0)} ms;"
            f" {e['people']:,} people ({e['json_bytes']:,} B JSON): encrypt + decrypt"
            f" {fmt(e['encrypt_decrypt_ms'], 1)} ms (encrypt {e['encrypt_ms']['median']:.1f},"
            f" decrypt {e['decrypt_ms']['median']:.1f})"
        )
        steps = ", ".join(f"{k} {v['median']:.1f}" for k, v in e["steps_ms"].items())
        lines.append(f"           steps (ms): {steps}")
    return lines
