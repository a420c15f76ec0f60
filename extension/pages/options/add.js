// "Add someone": paste a profile link (or a @handle and its site), an optional private name and the
// "why" note. Adding is strengthening, so it is instant. After the very first person the page
// invites the user to choose their waiting time and write a plan.
import { PLATFORMS } from "../../lib/sites.js";
import { $, ask, t } from "../page.js";

/** @param {HTMLSelectElement} select a site chooser: "recognise from the link", then every site */
export function fillSiteChoices(select) {
  select.append(new Option(t("options_siteAny"), ""));
  for (const p of PLATFORMS) select.append(new Option(t(`site_${p}`), p));
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
    try {
      const result = await ask({
        type: "list.add",
        text: $("add-input").value,
        platform: siteSelect.value,
        label: $("add-name").value,
        note: $("add-note").value,
      });
      $("add-status").textContent = t(result.existing ? "options_alreadyListed" : "options_added");
      const { people } = await ask({ type: "list.get" });
      if (!result.existing && people.length === 1) {
        $("setup-invite").hidden = false;
        $("cooling").focus();
      }
      if (!result.existing) for (const id of ["add-input", "add-name", "add-note"]) $(id).value = "";
      await rerender();
    } catch (err) {
      $("add-status").textContent = t(/** @type {Error} */ (err).message);
    }
  });
}
