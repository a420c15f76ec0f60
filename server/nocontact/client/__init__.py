"""The reference Python client: the crypto envelope, an API client and the `nocontact` CLI."""
