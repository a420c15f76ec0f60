// Which sync servers the extension talks to: https anywhere, plain http only on this machine (the
// local service that `./dev serve` starts). Shared by the background and the sync page.

export const DEFAULT_SERVER = "http://127.0.0.1:5080";

/**
 * The origin of the server address the user typed (empty: the default).
 * @param {string} text
 * @returns {string}
 * @throws {Error} with code "bad_server"
 */
export function serverOrigin(text) {
  let url;
  try {
    url = new URL(String(text || "").trim() || DEFAULT_SERVER);
  } catch {
    throw Object.assign(new Error("not a URL"), { code: "bad_server" });
  }
  const local = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw Object.assign(new Error("not https"), { code: "bad_server" });
  }
  return url.origin;
}

/**
 * The host permission pattern for a server origin. Without the port: Firefox only grants patterns
 * that are part of the manifest's optional_host_permissions, and those (like Chrome's) cover every
 * port of a host.
 * @param {string} origin
 */
export function permissionPattern(origin) {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
