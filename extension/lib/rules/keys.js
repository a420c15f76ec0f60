// The public keys rule packs are signed with (lib/rules/verify.js; shared/PROTOCOL.md "Rule packs").
// ECDSA P-256 as JWK; `key_id` is base64url of the first 9 bytes of SHA-256 of the uncompressed
// point (what `nocontact rules keygen` prints). The private half is the maintainer's, never in this
// repository. The server's copy for `rules install` is server/nocontact/rule_keys.json (kept equal
// by tests/client/test_rules_cli.py). A new key: add it here first, sign with it after a release.
export const RULE_KEYS = Object.freeze([
  {
    key_id: "Xyi8G7J1W-gb",
    jwk: {
      kty: "EC",
      crv: "P-256",
      x: "4t9IqESdkc_blEFTPNhxnsuee8SIn33CeZv_RqI3md8",
      y: "2M4ZEAMsa81bE1yA5pGtKQ5wr6wlgSxVoB_hNNgdSSU",
    },
  },
]);
