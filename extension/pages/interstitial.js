// The page shown instead of a listed person's profile. It knows nothing about who it stands in for:
// its address and title are the same for everyone, so history, tab strips and screen sharing reveal
// nothing. "Go back" is the first and focused action; "look anyway" is a weakening action and asks
// for a typed confirmation before it leads on (to the options page, where the person can be paused).

for (const el of document.querySelectorAll("[data-i18n]")) {
  el.textContent = chrome.i18n.getMessage(el.dataset.i18n);
}

const confirmForm = /** @type {HTMLFormElement} */ (document.getElementById("confirm"));
const confirmText = /** @type {HTMLInputElement} */ (document.getElementById("confirm-text"));
const status = /** @type {HTMLElement} */ (document.getElementById("confirm-status"));

/** Leave the page: back where the user came from, or close the tab when there is nowhere to go. */
async function goBack() {
  if (history.length > 1) {
    history.back();
    return;
  }
  const tab = await chrome.tabs.getCurrent();
  if (tab?.id !== undefined) await chrome.tabs.remove(tab.id);
}

document.getElementById("go-back")?.addEventListener("click", goBack);
document.getElementById("keep")?.addEventListener("click", goBack);

document.getElementById("look-anyway")?.addEventListener("click", () => {
  confirmForm.hidden = false;
  // Keeping the boundary stays the easy choice: focus lands on it, not on the text field.
  document.getElementById("keep")?.focus();
});

confirmForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const expected = chrome.i18n.getMessage("interstitial_confirmPhrase");
  if (confirmText.value.trim().toLowerCase() !== expected.toLowerCase()) {
    status.textContent = chrome.i18n.getMessage("interstitial_confirmMismatch", [expected]);
    return;
  }
  location.assign(chrome.runtime.getURL("pages/options.html"));
});
