// "Where No Contact works": a switch per site and the global pause. Switching a site off or pausing
// is weakening: the box snaps back and the flow opens; switching on or resuming is instant.
// Below them: the sites whose pages seem to have changed (the health self-check,
// background/site-health.js) with what to do, and the switch that keeps the safety net on
// everywhere (content/safety-net.js; instant either way). Both are made here, in this section.
// Then the site rules in use: the built-in ones or a signed rule pack from the sync server
// (background/rules.js), why the last pack was refused, and the way back to the built-in rules.
import { PLATFORMS } from "../../lib/sites.js";
import { $, ask, el, openFlow, settings, t } from "../page.js";

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
  if ($("safety-net-always")) $("safety-net-always").checked = Boolean(settings.safety_net_always);
  void renderHealth();
}

/** The sites whose pages seem to have changed, and what to do (nothing when all is well). */
async function renderHealth() {
  const box = $("site-health");
  if (!box) return;
  const { sites } = await ask({ type: "health.get" });
  box.replaceChildren(
    ...(sites.length ? [el("h3", {}, t("health_heading"))] : []),
    ...sites.map((/** @type {{platform: string}} */ site) =>
      el("p", {}, t("health_siteChanged", t(`site_${site.platform}`))),
    ),
    ...(sites.length ? [el("p", {}, t("health_whatToDo"))] : []),
  );
  box.hidden = sites.length === 0;
}

/** The health notice and the "safety net always" switch, placed before the Mastodon servers. */
function mountSafetyNet() {
  const health = el("div", { id: "site-health", role: "status" });
  health.hidden = true;
  const box = el("input", {
    id: "safety-net-always",
    type: "checkbox",
    class: "inline",
    "aria-describedby": "safety-net-help",
  });
  box.checked = Boolean(settings.safety_net_always);
  const row = el("div", { class: "actions" });
  row.append(box, el("label", { for: "safety-net-always", class: "inline" }, t("safetyNet_label")));
  const help = el("p", { id: "safety-net-help", class: "help" }, t("safetyNet_help"));
  $("sites").insertBefore(health, $("instances"));
  $("sites").insertBefore(row, $("instances"));
  $("sites").insertBefore(help, $("instances"));
  box.addEventListener("change", async () => {
    try {
      await ask({ type: "settings.set", changes: { safety_net_always: box.checked } });
    } catch (err) {
      $("sites-status").textContent = t(/** @type {Error} */ (err).message);
    }
  });
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes.siteHealth) void renderHealth();
  });
  void renderHealth();
}

/** @param {any} state the answer of rules.get */
function renderRules(state) {
  const { status, pack } = state;
  const line = $("rule-pack-status");
  const reason = status?.state === "refused" ? t("rules_refused", t(`rules_reason_${status.reason}`)) : "";
  const words = pack
    ? t("rules_inUse", String(pack.version), String(pack.date))
    : status?.state === "builtin"
      ? t("rules_setAside")
      : status?.state === "none"
        ? t("rules_none")
        : status?.state === "unreachable"
          ? t("rules_unreachable")
          : t("rules_builtin");
  line.textContent = reason ? `${words} ${reason}` : words;
  $("rule-pack-builtin").hidden = !pack;
}

/** The site rules in use, a look for an update, and the way back to the built-in rules. */
function mountRules() {
  const box = el("div", { id: "rule-pack" });
  const status = el("p", { id: "rule-pack-status", role: "status" });
  const help = el("p", { class: "help" }, t("rules_noSync"));
  const row = el("div", { class: "actions" });
  const check = el("button", { id: "rule-pack-check", type: "button" }, t("rules_check"));
  const builtin = el("button", { id: "rule-pack-builtin", type: "button" }, t("rules_useBuiltin"));
  builtin.hidden = true;
  row.append(check, builtin);
  box.append(el("h3", {}, t("rules_heading")), status, row, help);
  $("sites").insertBefore(box, $("instances"));
  /** @param {{type: string}} message */
  const run = async (message) => {
    try {
      renderRules(await ask(message));
    } catch (err) {
      $("sites-status").textContent = t(/** @type {Error} */ (err).message);
    }
  };
  check.addEventListener("click", () => void run({ type: "rules.check" }));
  builtin.addEventListener("click", () => void run({ type: "rules.useBuiltin" }));
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && (changes.rulePack || changes.rulePackStatus)) void run({ type: "rules.get" });
  });
  void run({ type: "rules.get" });
}

export function mountPause() {
  mountSafetyNet();
  mountRules();
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
