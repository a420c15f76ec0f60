import pytest

from nocontact import create_app


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}"})


@pytest.fixture
def client(app):
    return app.test_client()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Groups for `pytest -n 2 --dist loadgroup` (the test command): a browser module runs on one
    worker per engine, so its browser starts once there; every test without a browser runs on one
    worker in order, so the timing-sensitive service tests never share the machine with each
    other. While one worker waits on a browser (a pause, a frame), the other works."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("engine") if callspec else None
        in_browser = item.nodeid.startswith("tests/browser/") or item.get_closest_marker("browser")
        if engine is not None or in_browser:
            group = f"{item.module.__name__ if item.module else item.nodeid}::{engine or 'browser'}"
        else:
            group = "no-browser"
        item.add_marker(pytest.mark.xdist_group(group))
