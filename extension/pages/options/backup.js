// "Backup": save the list (and the record and settings) to a file, or bring one back. Importing only
// adds: it is merged into the list, so nothing already there is removed, and a file that cannot be
// read changes nothing and says why.
import { $, ask, plural, saveFile, t } from "../page.js";

/** @param {() => Promise<void>} rerender */
export function mountBackup(rerender) {
  $("export").addEventListener("click", async () => {
    const { backup } = await ask({ type: "list.export" });
    saveFile(JSON.stringify(backup, null, 1), "application/json", "no-contact-backup.json");
  });
  $("import-file").addEventListener("change", async () => {
    const file = $("import-file").files[0];
    if (!file) return;
    try {
      const { count } = await ask({ type: "list.import", text: await file.text() });
      $("import-status").textContent = plural("options_imported", count);
      await rerender();
    } catch (err) {
      $("import-status").textContent = t(/** @type {Error} */ (err).message);
    }
    $("import-file").value = "";
  });
}
