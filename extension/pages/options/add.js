// "Add someone": paste a profile link (or a @handle and its site), an optional private name and the
// "why" note. Adding is strengthening, so it is instant; for a few minutes after, a mistaken add
// can be undone at once (later, taking someone off goes through the flow like any weakening).
// After the very first person the page invites the user to choose their waiting time and plan.
import { UNDO_MS } from "../../lib/pending.js";
import { PLATFORMS } from "../../lib/sites.js";
import { $, ask, openFlow, t } from "../page.js";

/** @param {HTMLSelectElement} select a site chooser: "recognise from the link", then every site */
export function fillSiteChoices(select) {
  select.append(new Option(t("options_siteAny"), ""));
  for (const p of PLATFORMS) select.append(new Option(t(`site_${p}`), p));
}

/** The person the undo button takes back, and when it stops offering to. */
let undo = { person: "", until: 0, timer: 0 };

function hideUndo() {
  clearTimeout(undo.timer);
  $("undo-add").hidden = true;
}

/** @param {() => Promise<void>} rerender */
export function mountAdd(rerender) {
  const siteSelect = $("add-site");
  fillSiteChoices(siteSelect);
  $("add-form").addEventListener("submit", async (/** @type {Event} */ event) => {
    event.preventDefault();
    // Start from an empty line, so the answer to this add is never mistaken for the last one's
    // (and a screen reader announces it even when the words are the same).
    $("add-status").textContent = "";
    hideUndo();
    try {
      const result = await ask({
        type: "list.add",
        text: $("add-input").value,
        platform: siteSelect.value,
        label: $("add-name").value,
        note: $("add-note").value,
      });
      $("add-status").textContent = t(result.existing ? "options_alreadyListed" : "options_added");
      if (!result.existing) {
        for (const id of ["add-input", "add-name", "add-note"]) $(id).value = "";
        undo = { person: result.id, until: Date.now() + UNDO_MS, timer: setTimeout(hideUndo, UNDO_MS) };
        $("undo-add").hidden = false;
        const invite = $("setup-invite");
        if (invite && (await ask({ type: "list.get" })).people.length === 1) invite.hidden = false;
      }
      await rerender();
    } catch (err) {
      $("add-status").textContent = t(/** @type {Error} */ (err).message);
    }
  });
  $("undo-add").addEventListener("click", async () => {
    const person = undo.person;
    hideUndo();
    try {
      await ask({ type: "list.undoAdd", personId: person });
      $("add-status").textContent = t("options_undone");
    } catch (err) {
      // The few minutes are over: from now on it is a change to the boundary like any other.
      if (/** @type {Error} */ (err).message === "options_undoExpired") {
        await openFlow({ type: "remove_person", person }, $("add-status"));
      } else {
        $("add-status").textContent = t(/** @type {Error} */ (err).message);
      }
    }
    await rerender();
  });
}
