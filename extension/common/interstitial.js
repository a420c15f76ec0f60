// The interstitial page's address: `pages/interstitial.html#<token>`, where the token is random and
// names no one (history, tab strips and screen sharing show nothing about whom it stands for). A
// classic script shared by content scripts and (through lib/interstitial.js) the background.
"use strict";

(() => {
  if (globalThis.NoContactInterstitial) return;

  /** The page, relative to the extension's root. */
  const PAGE = "pages/interstitial.html";
  /** A token: 12 random bytes as lower-case hex. */
  const TOKEN = /^[0-9a-f]{24}$/;

  /** @returns {string} a fresh random token */
  function newToken() {
    return [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** @param {string} token @returns {string} the page's path for that token, from the root */
  function pathFor(token) {
    return `${PAGE}#${token}`;
  }

  /** @param {unknown} token @returns {boolean} */
  function isToken(token) {
    return typeof token === "string" && TOKEN.test(token);
  }

  globalThis.NoContactInterstitial = { PAGE, newToken, pathFor, isToken };
})();
