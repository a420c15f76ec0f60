// A SyncCrypto (see extension/lib/sync/engine.js) written straight from PROTOCOL §1 with Node's
// WebCrypto, used by the engine tests until they can run on the extension's own envelope module.
// Iterations are the protocol minimum; about 0.1 s per derivation under Node.
const subtle = globalThis.crypto.subtle;
const enc = new TextEncoder();

export function b64u(bytes) {
  return Buffer.from(bytes).toString("base64url");
}
const unb64u = (s) => new Uint8Array(Buffer.from(s, "base64url"));

async function aesKey(raw) {
  return subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

async function seal(rawKey, plaintext, aad) {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ct = await subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: enc.encode(aad) },
    await aesKey(rawKey),
    plaintext,
  );
  return { v: 1, iv: b64u(iv), ct: b64u(new Uint8Array(ct)) };
}

async function open(rawKey, envelope, aad) {
  if (!envelope || envelope.v !== 1) {
    throw Object.assign(new Error("unknown envelope version"), { code: "unknown_format" });
  }
  const pt = await subtle.decrypt(
    { name: "AES-GCM", iv: unb64u(envelope.iv), additionalData: enc.encode(aad) },
    await aesKey(rawKey),
    unb64u(envelope.ct),
  );
  return new Uint8Array(pt);
}

async function hkdf(master, info) {
  const key = await subtle.importKey("raw", master, "HKDF", false, ["deriveBits"]);
  const bits = await subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: enc.encode(info) },
    key,
    256,
  );
  return new Uint8Array(bits);
}

export const specCrypto = {
  newKdf() {
    return {
      alg: "PBKDF2-SHA256",
      iterations: 600000,
      salt: b64u(globalThis.crypto.getRandomValues(new Uint8Array(16))),
    };
  },
  async deriveKeys(passphrase, kdf) {
    const salt = kdf && typeof kdf.salt === "string" ? unb64u(kdf.salt) : new Uint8Array(0);
    if (
      kdf?.alg !== "PBKDF2-SHA256" ||
      !(kdf.iterations >= 600000 && kdf.iterations <= 10000000) ||
      salt.length !== 16
    ) {
      throw Object.assign(new Error("weak or unknown KDF parameters"), { code: "weak_kdf" });
    }
    const base = await subtle.importKey("raw", enc.encode(passphrase.normalize("NFKC")), "PBKDF2", false, [
      "deriveBits",
    ]);
    const master = new Uint8Array(
      await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: kdf.iterations }, base, 256),
    );
    return { authKey: b64u(await hkdf(master, "nocontact/v1/auth")), kek: await hkdf(master, "nocontact/v1/kek") };
  },
  newDataKey() {
    return b64u(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  },
  wrapDataKey(kek, dataKey) {
    return seal(kek, unb64u(dataKey), "nocontact/v1/datakey");
  },
  async unwrapDataKey(kek, wrapped) {
    return b64u(await open(kek, wrapped, "nocontact/v1/datakey"));
  },
  encryptDocument(dataKey, syncId, name, doc) {
    return seal(unb64u(dataKey), enc.encode(JSON.stringify(doc)), `nocontact/v1/doc/${syncId}/${name}`);
  },
  async decryptDocument(dataKey, syncId, name, envelope) {
    const pt = await open(unb64u(dataKey), envelope, `nocontact/v1/doc/${syncId}/${name}`);
    return JSON.parse(new TextDecoder().decode(pt));
  },
};
