"""A copy of the extension whose item selectors no longer match anything on some sites: what the
extension meets the day a site changes its markup. Used by the health and safety-net tests."""

from __future__ import annotations

from pathlib import Path

from .harness import extension_copy

REGISTER = "  function register(site) {\n"
# Every item rule of these sites gets a selector nothing on any page matches.
BREAK = """  function register(site) {
    if (__SITES__.includes(site.platform)) {
      const items = site.dom.items.map((item, n) => ({ ...item, selector: `nc-broken-item-${n}` }));
      site = { ...site, dom: { ...site.dom, items } };
    }
"""


def broken_copy(folder: Path, platforms: tuple[str, ...]) -> Path:
    """Copy the extension into ``folder`` with every item selector of ``platforms`` broken."""
    copy = extension_copy(folder, [])
    registry = copy / "common" / "registry.js"
    source = registry.read_text()
    assert source.count(REGISTER) == 1, "common/registry.js changed: update broken_sites.py"
    names = "[" + ", ".join(f'"{p}"' for p in platforms) + "]"
    registry.write_text(source.replace(REGISTER, BREAK.replace("__SITES__", names)))
    return copy
