"""The sync protocol's base64url in the browsers, where it uses their own Uint8Array.toBase64 and
fromBase64 (Node, which runs tests/js, has only the fallback): the same text as Python's, both ways,
and the same refusals."""

from __future__ import annotations

import base64
import secrets

from playwright.sync_api import Page

from .harness import ExtBrowser

IMPORT = "const m = await import(chrome.runtime.getURL('lib/base64url.js'));"


def test_encode_and_decode_match_python_and_refuse_what_is_not_base64url(
    ext: ExtBrowser, ext_page: Page
):
    ext_page.goto(ext.ext_url("pages/options.html"))
    blobs = [secrets.token_bytes(n) for n in (0, 1, 2, 3, 4, 31, 32, 33, 1000)]
    blobs.append(secrets.token_bytes(600_000))  # a large document's ciphertext
    texts = [base64.urlsafe_b64encode(b).decode().rstrip("=") for b in blobs]
    answer = ext_page.evaluate(
        f"""async (texts) => {{ {IMPORT}
          const native = typeof Uint8Array.fromBase64 === "function";
          const back = texts.map((t) => m.b64u(m.unb64u(t)));
          const bad = ["abc=", "a", "ab+c", "ab/c", "a b"].map((t) => {{
            try {{ m.unb64u(t); return "accepted"; }} catch (e) {{ return "refused"; }}
          }});
          return {{ native, same: back.every((t, i) => t === texts[i]), bad }};
        }}""",
        texts,
    )
    assert answer["native"], "this browser should have Uint8Array.fromBase64"
    assert answer["same"]
    assert answer["bad"] == ["refused"] * 5
