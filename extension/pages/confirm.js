// The last step of a waiting change whose time has come (after the reflection flow and its
// cooling-off): a typed confirmation. "Keep my boundary" is first and focused; going ahead needs
// the user to type a short phrase, so it is a choice made on purpose, never a slip.
import { t } from "./page.js";

/**
 * @param {string} explanationKey what would change, in the user's words
 * @returns {Promise<boolean>} true only when the phrase was typed and confirmed
 */
export function confirmWeakening(explanationKey) {
  const dialog = document.createElement("dialog");
  dialog.className = "confirm-dialog";
  dialog.setAttribute("aria-labelledby", "confirm-title");
  dialog.setAttribute("aria-describedby", "confirm-explain");
  const phrase = t("confirm_phrase");
  dialog.innerHTML = `
    <h2 id="confirm-title"></h2>
    <p id="confirm-explain"></p>
    <form method="dialog">
      <label for="confirm-input"></label>
      <input id="confirm-input" type="text" autocomplete="off" aria-describedby="confirm-status">
      <p id="confirm-status" role="status" aria-live="polite"></p>
      <div class="actions">
        <button type="button" class="primary" id="confirm-keep"></button>
        <button type="submit" id="confirm-go"></button>
      </div>
    </form>`;
  dialog.querySelector("#confirm-title").textContent = t("confirm_title");
  dialog.querySelector("#confirm-explain").textContent = t(explanationKey);
  dialog.querySelector("label").textContent = t("confirm_label", phrase);
  dialog.querySelector("#confirm-keep").textContent = t("confirm_keep");
  dialog.querySelector("#confirm-go").textContent = t("confirm_go");
  document.body.append(dialog);
  return new Promise((resolve) => {
    const input = /** @type {HTMLInputElement} */ (dialog.querySelector("#confirm-input"));
    const done = (/** @type {boolean} */ value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.querySelector("#confirm-keep").addEventListener("click", () => done(false));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done(false);
    });
    dialog.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (input.value.trim().toLowerCase() === phrase.toLowerCase()) done(true);
      else dialog.querySelector("#confirm-status").textContent = t("confirm_mismatch", phrase);
    });
    dialog.showModal();
    /** @type {HTMLElement} */ (dialog.querySelector("#confirm-keep")).focus();
  });
}
