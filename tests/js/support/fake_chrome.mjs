// A stand-in for the `chrome` global that accepts any call, so background modules can be imported
// under Node to inspect what they register (the message router's table). Every property is another
// stand-in; calling one records the call and resolves to undefined. `runtime.id` and
// `runtime.getURL` answer like an unpacked extension.

/** @type {{path: string, args: any[]}[]} */
export const calls = [];

/** @param {string} path */
function stub(path) {
  const fn = (...args) => {
    calls.push({ path, args });
    return Promise.resolve(undefined);
  };
  return new Proxy(fn, {
    get(_target, name) {
      if (name === "then") return undefined; // not a promise itself
      if (path === "chrome.runtime" && name === "id") return "test-extension";
      if (path === "chrome.runtime" && name === "getURL") return (p) => `chrome-extension://test-extension/${p}`;
      if (path === "chrome.i18n" && name === "getMessage") return (key) => key;
      return stub(`${path}.${String(name)}`);
    },
  });
}

/**
 * Install the stand-in as globalThis.chrome (once).
 * @param {{missing?: string[]}} [options] namespaces the browser does not have (Firefox for Android
 *   has no contextMenus, commands or history)
 */
export function installFakeChrome({ missing = [] } = {}) {
  if (!globalThis.chrome) {
    const chrome = stub("chrome");
    globalThis.chrome = new Proxy(chrome, {
      get: (target, name) => (missing.includes(String(name)) ? undefined : target[name]),
    });
  }
  return globalThis.chrome;
}
