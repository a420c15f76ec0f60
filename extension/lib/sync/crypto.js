// The sync engine's SyncCrypto (see engine.js) over the extension's envelope (lib/envelope.js).
// Keys cross into storage as base64url strings, because a service worker forgets everything in
// memory when it stops; they live only in storage.local of this device, never in sync documents.
// Every document goes up padded to its size bucket (padding.js).
import { b64u, unb64u } from "../base64url.js";
import * as envelope from "../envelope.js";
import { pad } from "./padding.js";

/** @type {import("./engine.js").SyncCrypto} */
export const syncCrypto = {
  newKdf: envelope.newKdf,
  async deriveKeys(passphrase, kdf) {
    const keys = await envelope.deriveKeys(passphrase, kdf);
    return { authKey: b64u(keys.authKey), kek: b64u(keys.kek) };
  },
  newDataKey() {
    return b64u(crypto.getRandomValues(new Uint8Array(32)));
  },
  wrapDataKey(kek, dataKey) {
    return envelope.wrapDataKey(unb64u(kek), unb64u(dataKey));
  },
  async unwrapDataKey(kek, wrapped) {
    return b64u(await envelope.unwrapDataKey(unb64u(kek), wrapped));
  },
  encryptDocument(dataKey, syncId, name, doc) {
    const plaintext = pad(new TextEncoder().encode(JSON.stringify(doc)));
    return envelope.seal(unb64u(dataKey), plaintext, envelope.documentAad(syncId, name));
  },
  async decryptDocument(dataKey, syncId, name, sealed) {
    try {
      return await envelope.decryptDocument(unb64u(dataKey), syncId, name, sealed);
    } catch (err) {
      // The engine stops on "unknown_format" and keeps local data; a tampered document likewise.
      const code = /** @type {any} */ (err).code;
      throw Object.assign(new Error(String(/** @type {any} */ (err).message)), {
        code: code === "unsupported_version" ? "unknown_format" : code,
      });
    }
  },
};
