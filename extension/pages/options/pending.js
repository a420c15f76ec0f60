// "Changes waiting": every weakening change the flow scheduled, with Cancel (instant: it keeps the
// boundary) and, once its time has come, Do it now behind a typed confirmation (confirm.js). Also
// the open hours of a confirmed look or site Unblock, each with "hide them again now" (instant).
import { confirmWeakening } from "../confirm.js";
import { $, ask, el, t } from "../page.js";

const shortTime = (/** @type {number} */ at) =>
  new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const siteName = (/** @type {string|null} */ p) => (p ? t(`site_${p}`) : "");

/** @param {any} entry @param {() => Promise<void>} rerender */
function pendingItem(entry, rerender) {
  const item = el("li");
  const what = t(`options_pending_${entry.type}`, entry.label, siteName(entry.platform), entry.host || "");
  item.append(el("span", {}, t("options_pendingItem", what, new Date(entry.effectiveAt).toLocaleString())));
  const cancel = el("button", { type: "button" }, t("options_pendingCancel"));
  cancel.addEventListener("click", async () => {
    await ask({ type: "pending.cancel", id: entry.id });
    await rerender();
  });
  item.append(cancel);
  if (entry.due) {
    const apply = el("button", { type: "button" }, t("options_pendingApply"));
    apply.addEventListener("click", async () => {
      if (!(await confirmWeakening("confirm_apply"))) return;
      try {
        const { until } = await ask({ type: "pending.apply", id: entry.id, confirmed: true });
        if (until) {
          $("pending-status").textContent = t(
            `options_exceptionGranted_${entry.type}`,
            shortTime(until),
            entry.label,
            siteName(entry.platform),
          );
        }
      } catch (err) {
        $("pending-status").textContent = t(/** @type {Error} */ (err).message);
      }
      await rerender();
    });
    item.append(apply);
  }
  return item;
}

/** @param {() => Promise<void>} rerender */
export async function renderPending(rerender) {
  const { pending } = await ask({ type: "pending.list" });
  $("pending-none").hidden = pending.length > 0;
  $("pending").replaceChildren(...pending.map((/** @type {any} */ entry) => pendingItem(entry, rerender)));
}

export async function renderExceptions() {
  const { exceptions } = await ask({ type: "exceptions.list" });
  $("exceptions-box").hidden = exceptions.length === 0;
  $("exceptions").replaceChildren(
    ...exceptions.map((/** @type {any} */ e) => {
      const item = el("li");
      const site = siteName(e.platform);
      item.append(el("span", {}, t("options_exceptionItem", e.label, site, shortTime(e.until))));
      const end = el(
        "button",
        { type: "button", "aria-label": t("options_exceptionEndLabel", e.label, site) },
        t("options_exceptionEnd"),
      );
      end.addEventListener("click", async () => {
        await ask({ type: "exceptions.end", person: e.person, platform: e.platform });
        $("pending-status").textContent = t("options_exceptionEnded");
        await renderExceptions();
      });
      item.append(end);
      return item;
    }),
  );
}
