"""A thin `requests` client for the sync API (PROTOCOL §2), with one exception per failure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .envelope import b64u

if TYPE_CHECKING:
    import requests


class ApiError(Exception):
    """The server could not do what was asked; the message says why in plain words."""


class Unreachable(ApiError):
    """No answer from the server (down, wrong address, offline)."""


class Unauthorized(ApiError):
    """Unknown sync or wrong key (the server does not say which)."""


class Conflict(ApiError):
    """The document changed on the server since it was read."""

    def __init__(self, message: str, current_version: int):
        super().__init__(message)
        self.current_version = current_version


class RateLimited(ApiError):
    """Too many attempts; retry after the given seconds."""


class ServerError(ApiError):
    """Any other refusal or failure, with the server's message."""


def _version(etag: str | None) -> int:
    return int((etag or '"0"').strip('W/"'))


class SyncApi:
    """The API of one server."""

    def __init__(self, base_url: str, timeout: float = 20) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        # Imported on first use, not at the top: requests is most of the CLI's start time, and
        # `nocontact --help` or a refused backup file never talk to a server.
        import requests

        self.session = requests.Session()

    def _request(
        self, method: str, path: str, auth_key: bytes | None = None, **kwargs: Any
    ) -> requests.Response:
        import requests

        headers = kwargs.pop("headers", {})
        if auth_key is not None:
            headers["Authorization"] = f"Bearer {b64u(auth_key)}"
        try:
            response = self.session.request(
                method, self.base_url + path, headers=headers, timeout=self.timeout, **kwargs
            )
        except requests.RequestException:
            raise Unreachable(f"The sync server at {self.base_url} does not answer.") from None
        if response.status_code < 400 or response.status_code == 304:
            return response
        try:
            message = response.json()["message"]
        except (ValueError, KeyError, TypeError):
            message = f"The server answered {response.status_code} without an explanation."
        if response.status_code == 401:
            raise Unauthorized("The sync code or the passphrase is not right.")
        if response.status_code == 412:
            raise Conflict(message, _version(response.headers.get("ETag")))
        if response.status_code == 429:
            raise RateLimited(f"{message} (retry in {response.headers.get('Retry-After', '?')} s)")
        raise ServerError(message)

    def _json(self, response: requests.Response) -> dict:
        try:
            body = response.json()
        except ValueError:
            raise ServerError(
                "The server's answer is not JSON; is this a No Contact server?"
            ) from None
        if not isinstance(body, dict):
            raise ServerError("The server's answer has an unexpected shape.")
        return body

    def create(self, kdf: dict, auth_key: bytes, wrapped_key: dict) -> str:
        """Create a sync and return its id."""
        body = {"kdf": kdf, "auth_key": b64u(auth_key), "wrapped_key": wrapped_key}
        return self._json(self._request("POST", "/v1/syncs", json=body))["sync_id"]

    def kdf(self, sync_id: str) -> dict:
        """Return the public KDF parameters of a sync."""
        return self._json(self._request("GET", f"/v1/syncs/{sync_id}/kdf"))["kdf"]

    def read_sync(self, sync_id: str, auth_key: bytes) -> dict:
        """Return key material and every document's version."""
        return self._json(self._request("GET", f"/v1/syncs/{sync_id}", auth_key))

    def read_document(self, sync_id: str, name: str, auth_key: bytes) -> tuple[int, dict | None]:
        """Return (version, envelope or None when never written)."""
        body = self._json(self._request("GET", f"/v1/syncs/{sync_id}/documents/{name}", auth_key))
        return int(body["version"]), body["envelope"]

    def write_document(
        self, sync_id: str, name: str, auth_key: bytes, envelope: dict, if_match: int
    ) -> int:
        """Write a document over the version read; return the new version."""
        response = self._request(
            "PUT",
            f"/v1/syncs/{sync_id}/documents/{name}",
            auth_key,
            json={"envelope": envelope},
            headers={"If-Match": f'"{if_match}"'},
        )
        return int(self._json(response)["version"])

    def change_key(
        self,
        sync_id: str,
        auth_key: bytes,
        kdf: dict,
        new_auth: bytes,
        wrapped: dict,
        documents: dict[str, dict],
    ) -> dict[str, int]:
        """Replace the key material and every document at once; return the new versions.

        `documents` maps each name to {"version": read, "envelope": re-encrypted} ({"version": 0,
        "envelope": None} for one never written); Conflict when one changed since it was read.
        """
        body = {
            "kdf": kdf,
            "auth_key": b64u(new_auth),
            "wrapped_key": wrapped,
            "documents": documents,
        }
        response = self._request("PUT", f"/v1/syncs/{sync_id}/key", auth_key, json=body)
        versions = self._json(response).get("documents", {})
        return {name: int(info["version"]) for name, info in versions.items()}

    def delete(self, sync_id: str, auth_key: bytes) -> None:
        """Delete the sync and its documents."""
        self._request("DELETE", f"/v1/syncs/{sync_id}", auth_key)
