// "Safety": discreet mode (instant either way: it only changes how the tool shows itself), the
// page quick exit opens and its shortcut, forgetting the addresses of profiles that were replaced
// (an optional permission to edit history, off by default), the honest limits, and the way back to
// the first steps.
import { $, ask, settings, t } from "../page.js";

const HISTORY = { permissions: /** @type {chrome.runtime.ManifestPermission[]} */ (["history"]) };

/** The browser shortcut of quick exit, as the browser shows it ("" when none is set). */
async function shortcut() {
  const commands = await chrome.commands.getAll();
  return commands.find((c) => c.name === "quick-exit")?.shortcut || "";
}

/** Discreet mode and quick exit, as saved (shared with the first run, same element ids). */
export async function renderShown() {
  $("discreet").checked = Boolean(settings.discreet);
  $("exit-url").value = settings.quick_exit_url;
  const keys = await shortcut();
  $("exit-help").textContent = keys ? t("safety_exitHelp", keys) : t("safety_exitHelpNoKeys");
}

/** The discreet-mode switch and the quick-exit form (shared with the first run). */
export function mountShown() {
  $("discreet").addEventListener("change", async () => {
    await ask({ type: "settings.set", changes: { discreet: $("discreet").checked } });
  });
  $("exit-form").addEventListener("submit", async (/** @type {Event} */ event) => {
    event.preventDefault();
    try {
      await ask({ type: "settings.set", changes: { quick_exit_url: $("exit-url").value } });
      $("exit-status").textContent = t("safety_exitSaved");
    } catch (err) {
      const key = /** @type {Error} */ (err).message;
      $("exit-status").textContent = t(key === "settings_invalid" ? "safety_exitInvalid" : key);
    }
  });
}

export async function renderSafety() {
  await renderShown();
  const { forget } = await ask({ type: "history.get" });
  $("forget-history").checked = forget;
}

export function mountSafety() {
  mountShown();
  $("forget-history").addEventListener("change", async () => {
    const box = $("forget-history");
    const status = $("history-status");
    if (box.checked) {
      // The browser asks the user for this permission here, in the click.
      const granted = await chrome.permissions.request(HISTORY);
      if (!granted) {
        box.checked = false;
        status.textContent = t("safety_historyNotAllowed");
        return;
      }
      await ask({ type: "history.set", forget: true });
      status.textContent = t("safety_historyOn");
    } else {
      await ask({ type: "history.set", forget: false });
      await chrome.permissions.remove(HISTORY);
      status.textContent = t("safety_historyOff");
    }
  });
}
