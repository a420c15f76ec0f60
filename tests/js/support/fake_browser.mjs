// A working stand-in for the parts of `chrome` that background modules use, so one module (list.js,
// sync.js) can be loaded under Node and driven as the browser would: storage areas that keep what
// is set and tell onChanged listeners, a message router that answers like runtime.sendMessage from
// an extension page, alarms and permissions that answer quietly. Install it before importing.

/** @returns {{local: Map<string, any>, session: Map<string, any>, send: (message: any) => Promise<any>,
 *   changed: ((changes: Record<string, any>, area: string) => void)[]}} */
export function installFakeBrowser() {
  const local = new Map();
  const session = new Map();
  /** @type {((changes: Record<string, any>, area: string) => void)[]} */
  const changed = [];
  /** @type {((message: any, sender: any, sendResponse: (r: any) => void) => boolean)[]} */
  const onMessage = [];
  const quiet = { addListener() {} };

  /** @param {Map<string, any>} map @param {string} name */
  function area(map, name) {
    return {
      async get(keys) {
        const wanted = keys === null || keys === undefined ? [...map.keys()] : [keys].flat();
        return Object.fromEntries(wanted.filter((k) => map.has(k)).map((k) => [k, structuredClone(map.get(k))]));
      },
      async set(items) {
        const changes = {};
        for (const [k, v] of Object.entries(items)) {
          changes[k] = { oldValue: map.get(k), newValue: structuredClone(v) };
          map.set(k, structuredClone(v));
        }
        for (const listener of changed) listener(changes, name);
      },
      async remove(keys) {
        for (const k of [keys].flat()) map.delete(k);
      },
    };
  }

  globalThis.chrome = /** @type {any} */ ({
    runtime: {
      id: "test-extension",
      getURL: (path) => `chrome-extension://test-extension/${path}`,
      onMessage: { addListener: (fn) => onMessage.push(fn) },
      onStartup: quiet,
      onInstalled: quiet,
    },
    storage: {
      local: area(local, "local"),
      session: area(session, "session"),
      onChanged: { addListener: (fn) => changed.push(fn) },
    },
    alarms: { create() {}, get: async () => ({ name: "existing" }), onAlarm: quiet },
    permissions: { contains: async () => true },
  });

  /** Send a message as an extension page does; resolves to the router's answer. */
  function send(message) {
    const sender = { id: "test-extension", url: "chrome-extension://test-extension/pages/options.html" };
    return new Promise((resolve) => {
      for (const listener of onMessage) listener(message, sender, resolve);
    });
  }
  return { local, session, send, changed };
}
