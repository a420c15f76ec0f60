// The calm word the options page and the popup show after the background found a saved document
// damaged and brought back its last good copy (background/store.js). It stays until the user
// says they have seen it, on whichever of the two pages they read it.
import { ask, el, t } from "./page.js";

/**
 * Show the note at the top of `container` when there is something to say.
 * @param {HTMLElement} container
 */
export async function showRestoredNotice(container) {
  let restored = false;
  try {
    ({ restored } = await ask({ type: "store.restored" }));
  } catch {
    return; // the note is a courtesy: a page that cannot ask goes on without it
  }
  if (!restored || container.querySelector(".restored-notice")) return;
  const note = el("div", { class: "restored-notice box", role: "status" });
  const dismiss = el("button", { type: "button" }, t("restored_dismiss"));
  dismiss.addEventListener("click", async () => {
    note.remove();
    await ask({ type: "store.dismissRestored" }).catch(() => {});
  });
  note.append(el("p", {}, t("restored_notice")), dismiss);
  container.prepend(note);
}
