// The page shown instead of a listed person's profile. Its title and text are the same for
// everyone, and its address carries only a random token (see background/interstitial.js), so
// history, tab strips and screen sharing reveal nothing. "Go back" is the first and focused action;
// "look anyway" is a weakening action: it leads into the reflection flow, in this tab, for this
// person, and can only ever schedule a look after the waiting time.
import { leavePage } from "./leave.js";
import { ask, initPage, t } from "./page.js";

const status = /** @type {HTMLElement} */ (document.getElementById("status"));

document.getElementById("go-back")?.addEventListener("click", leavePage);

// A record of this moment (their profile's address and the time, nothing of what is on it), kept
// sealed for an advocate or a court.
document.getElementById("save-record")?.addEventListener("click", async () => {
  try {
    await ask({ type: "records.save", token: location.hash.slice(1) });
    status.textContent = t("records_savedHere");
  } catch (err) {
    status.textContent = t(/** @type {Error} */ (err).message);
  }
});

document.getElementById("look-anyway")?.addEventListener("click", async () => {
  try {
    const { id } = await ask({ type: "interstitial.look", token: location.hash.slice(1) });
    // Replace, not push: going back from the flow returns to where the user was before the profile.
    location.replace(chrome.runtime.getURL(`pages/reflection.html#${id}`));
  } catch (err) {
    status.textContent = t(/** @type {Error} */ (err).message);
    /** @type {HTMLElement} */ (document.getElementById("to-list")).hidden = false;
  }
});

// If the user chose it, the person's addresses leave the browser's history now (background/history.js).
void ask({ type: "interstitial.arrived", token: location.hash.slice(1) }).catch(() => {});
await initPage();
