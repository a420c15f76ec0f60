// "Where No Contact works": a switch per site and the global pause. Switching a site off or pausing
// is weakening: the box snaps back and the flow opens; switching on or resuming is instant.
import { PLATFORMS } from "../../lib/sites.js";
import { $, ask, el, openFlow, t } from "../page.js";

/** @param {{sites: Record<string, boolean>, paused: boolean}} state */
export function renderSites(state) {
  const status = $("sites-status");
  $("site-switches").replaceChildren(
    ...PLATFORMS.map((p) => {
      const box = el("input", { type: "checkbox", id: `site-${p}` });
      box.checked = state.sites[p];
      box.addEventListener("change", async () => {
        if (!box.checked) {
          // Switching off is a change to the boundary: it stays on until the flow's schedule says so.
          box.checked = true;
          await openFlow({ type: "site_off", platform: p }, status);
          return;
        }
        try {
          await ask({ type: "list.setSite", platform: p, on: true });
        } catch (err) {
          status.textContent = t(/** @type {Error} */ (err).message);
        }
      });
      const item = el("li");
      item.append(box, el("label", { for: `site-${p}` }, t(`site_${p}`)));
      return item;
    }),
  );
  $("paused").checked = state.paused;
}

export function mountPause() {
  const status = $("sites-status");
  $("paused").addEventListener("change", async () => {
    if ($("paused").checked) {
      $("paused").checked = false;
      await openFlow({ type: "pause_all" }, status);
      return;
    }
    try {
      await ask({ type: "list.setPaused", paused: false });
      status.textContent = t("options_resumedNow");
    } catch (err) {
      status.textContent = t(/** @type {Error} */ (err).message);
    }
  });
}
