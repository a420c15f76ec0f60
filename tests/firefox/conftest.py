"""Firefox ESR with the unpacked extension, driven over WebDriver BiDi (see bidi.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .bidi import Firefox

EXTENSION_DIR = Path(__file__).resolve().parents[2] / "extension"


@pytest.fixture(scope="module")
def firefox() -> Iterator[Firefox]:
    """Start one Firefox per test module (launch ≈ 2 s) with a fresh profile and the extension."""
    browser = Firefox(EXTENSION_DIR)
    try:
        yield browser
    finally:
        browser.quit()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/firefox as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
