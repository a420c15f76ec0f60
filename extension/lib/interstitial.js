// The interstitial address rules of common/interstitial.js for ES modules (shared with content scripts).
import "../common/interstitial.js";

export const {
  PAGE: INTERSTITIAL_PAGE,
  newToken,
  pathFor: interstitialPath,
  isToken,
} = globalThis.NoContactInterstitial;
