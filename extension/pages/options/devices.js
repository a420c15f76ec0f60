// "Your other devices": whether sync is on, and the way to the sync page.
import { $, ask, t } from "../page.js";

export async function renderDevices() {
  const state = await ask({ type: "sync.status" });
  const last = state.status?.lastSuccess;
  $("devices-status").textContent = !state.enabled
    ? t("sync_statusOff")
    : last
      ? t("options_syncOnSince", new Date(last).toLocaleString())
      : t("sync_statusOn");
}
