"""Online guessing against one sync under gunicorn, as deployed: every attempt is counted before
it is judged, so simultaneous bursts get exactly the limit, whatever the database.

Run with -s to see the measured rate; SECURITY.md quotes it.
"""

from __future__ import annotations

import secrets
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from nocontact.config import DEFAULTS

from ..support.keys import b64u, key_material
from ..support.live_server import LiveServer

WINDOW = DEFAULTS["AUTH_FAIL_WINDOW_SECONDS"]


def _create(url: str) -> tuple[str, dict]:
    auth_key = secrets.token_bytes(32)
    created = requests.post(url + "/v1/syncs", json=key_material(auth_key), timeout=10)
    assert created.status_code == 201, created.text
    return created.json()["sync_id"], {"Authorization": f"Bearer {b64u(auth_key)}"}


def _guesses(url: str, sync_id: str, addresses: list[str]) -> list[int]:
    """Send one wrong key per address in the list, all at once; return the statuses."""
    wrong = {"Authorization": f"Bearer {b64u(secrets.token_bytes(32))}"}

    def guess(address: str) -> int:
        headers = {**wrong, "X-Forwarded-For": address}
        return requests.get(f"{url}/v1/syncs/{sync_id}", headers=headers, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=32) as pool:
        return list(pool.map(guess, addresses))


def test_guessing_one_sync_is_bounded_under_simultaneous_requests(database_url):
    # A fixed window that ends mid-test would hand out a second allowance: start in a fresh one.
    left = WINDOW - time.time() % WINDOW
    if left < 20:
        time.sleep(left + 0.5)
    env = {"NOCONTACT_TRUSTED_PROXIES": "1"}
    with LiveServer(database_url, workers=4, env=env) as server:
        started = time.monotonic()
        # One address, 40 simultaneous wrong keys: exactly its share is judged.
        sync_id, owner = _create(server.url)
        statuses = _guesses(server.url, sync_id, ["203.0.113.50"] * 40)
        one_address = statuses.count(401)
        assert (one_address, statuses.count(429)) == (10, 30), sorted(statuses)
        # The owner, elsewhere, still syncs, and is told.
        read = requests.get(
            f"{server.url}/v1/syncs/{sync_id}",
            headers={**owner, "X-Forwarded-For": "198.51.100.20"},
            timeout=10,
        )
        assert read.status_code == 200 and read.json()["failed_attempts"]["count"] == 40

        # Its devices' simultaneous requests, more than the limit of one address, all get in:
        # an attempt that authenticates never counts against another.
        def owner_reads(_: int) -> int:
            headers = {**owner, "X-Forwarded-For": "198.51.100.20"}
            url = f"{server.url}/v1/syncs/{sync_id}"
            return requests.get(url, headers=headers, timeout=30).status_code

        with ThreadPoolExecutor(max_workers=24) as pool:
            assert set(pool.map(owner_reads, range(24))) == {200}

        # 40 addresses, 4 wrong keys each, all at once: the sync's own limit bounds the total.
        sync_id, owner = _create(server.url)
        addresses = [f"192.0.2.{i}" for i in range(1, 41)] * 4
        statuses = _guesses(server.url, sync_id, addresses)
        many_addresses = statuses.count(401)
        assert many_addresses == DEFAULTS["AUTH_FAIL_LIMIT_PER_SYNC"], sorted(statuses)
        assert statuses.count(429) == len(addresses) - many_addresses
        elapsed = time.monotonic() - started
    per_hour = many_addresses * 3600 // WINDOW
    print(
        f"\nmeasured: one address {one_address} of 40 guesses judged, 40 addresses "
        f"{many_addresses} of {len(addresses)}, in {elapsed:.1f} s of one {WINDOW} s window: "
        f"at most {one_address * 3600 // WINDOW} guesses per hour per sync from one address, "
        f"{per_hour} from any number of addresses"
    )
