// The options page: add a person by pasting a link, the list with edits, site switches and pause,
// Mastodon instances, export/import, and the way to sync. Every change goes through the background;
// weakening changes open the reflection flow, and a waiting change whose time has come asks once
// more here (confirm.js). Also the open hours of a confirmed look, and the record of moments.
import { PLATFORMS } from "../lib/blocklist.js";
import { ask, localize, t } from "../lib/i18n.js";
import { weeklyMoments } from "../lib/journal.js";
import { confirmWeakening } from "./confirm.js";
import { mountInstances } from "./options-instances.js";

localize();
const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const siteName = (/** @type {string} */ p) => t(`site_${p}`);

/** @param {HTMLElement} out @param {string} key @param {string[]} [subs] */
function say(out, key, subs = []) {
  out.textContent = t(key, subs);
}

// --- add ------------------------------------------------------------------------------------------
const siteSelect = $("add-site");
siteSelect.append(new Option(t("options_siteAny"), ""));
for (const p of PLATFORMS) siteSelect.append(new Option(siteName(p), p));

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
    say($("add-status"), result.existing ? "options_alreadyListed" : "options_added");
    // After the very first person: invite the user to choose their waiting time and write a plan.
    const { people } = await ask({ type: "list.get" });
    if (!result.existing && people.length === 1) {
      $("setup-invite").hidden = false;
      $("cooling").focus();
    }
    if (!result.existing) for (const id of ["add-input", "add-name", "add-note"]) $(id).value = "";
    await render();
  } catch (err) {
    say($("add-status"), /** @type {Error} */ (err).message);
  }
});

// --- people ---------------------------------------------------------------------------------------
/** @param {string} tag @param {Record<string, string>} [attrs] @param {string} [text] */
function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

/** @param {any} account */
function accountText(account) {
  const who = account.handle ? `@${account.handle}` : account.id;
  return t("options_accountOn", [who, siteName(account.platform)]);
}

/** @param {any} person @param {number} n */
function personCard(person, n) {
  const card = el("article", { class: "person", "aria-labelledby": `person-${n}` });
  card.append(el("h3", { id: `person-${n}` }, person.label));
  // One status line for the whole list: cards are rebuilt whenever the list changes.
  const status = $("people-status");

  const edit = el("form");
  const nameId = `name-${n}`;
  const noteId = `note-${n}`;
  edit.append(el("label", { for: nameId }, t("options_nameLabel")));
  const name = /** @type {HTMLInputElement} */ (el("input", { id: nameId, type: "text", autocomplete: "off" }));
  name.value = person.label;
  edit.append(name, el("label", { for: noteId }, t("options_noteLabel")));
  const note = /** @type {HTMLTextAreaElement} */ (el("textarea", { id: noteId }));
  note.value = person.note;
  const namesId = `names-${n}`;
  const names = /** @type {HTMLInputElement} */ (el("input", { id: namesId, type: "text", autocomplete: "off" }));
  names.value = person.names.join(", ");
  const save = el("button", { type: "submit" }, t("options_save"));
  edit.append(note, el("label", { for: namesId }, t("options_namesLabel")), names, el("div", { class: "actions" }));
  edit.lastElementChild?.append(save);
  edit.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const extra = names.value.split(",").map((x) => x.trim()).filter(Boolean);
      await ask({ type: "list.edit", personId: person.id, label: name.value, note: note.value, names: extra });
      say(status, "options_saved");
    } catch (err) {
      say(status, /** @type {Error} */ (err).message);
    }
  });

  const list = el("ul", { class: "accounts", "aria-label": t("options_accountsLabel", [person.label]) });
  for (const account of person.accounts) {
    const item = el("li", {}, "");
    item.append(el("span", {}, accountText(account)));
    const remove = el("button", { type: "button" }, t("options_removeAccount"));
    remove.setAttribute("aria-label", t("options_removeAccountLabel", [accountText(account)]));
    remove.addEventListener("click", () =>
      reflect({ type: "remove_account", person: person.id, account: account.key }, status),
    );
    item.append(remove);
    list.append(item);
  }

  const more = el("form");
  const moreId = `more-${n}`;
  more.append(el("label", { for: moreId }, t("options_addAccountLabel")));
  const moreInput = /** @type {HTMLInputElement} */ (el("input", { id: moreId, type: "text", autocomplete: "off" }));
  const moreSite = /** @type {HTMLSelectElement} */ (el("select", { "aria-label": t("options_siteLabel") }));
  moreSite.append(new Option(t("options_siteAny"), ""));
  for (const p of PLATFORMS) moreSite.append(new Option(siteName(p), p));
  const moreButton = el("button", { type: "submit" }, t("options_addAccount"));
  more.append(moreInput, moreSite, el("div", { class: "actions" }));
  more.lastElementChild?.append(moreButton);
  more.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await ask({ type: "list.addAccount", personId: person.id, text: moreInput.value, platform: moreSite.value });
      await render();
    } catch (err) {
      say(status, /** @type {Error} */ (err).message);
    }
  });

  const removePerson = el("button", { type: "button" }, t("options_removePerson"));
  removePerson.setAttribute("aria-label", t("options_removePersonLabel", [person.label]));
  removePerson.addEventListener("click", () => reflect({ type: "remove_person", person: person.id }, status));
  const footer = el("div", { class: "actions" });
  footer.append(removePerson);
  card.append(list, more, edit, footer);
  return card;
}

// --- sites and pause ------------------------------------------------------------------------------
/** @param {any} state */
function renderSwitches(state) {
  const sites = $("sites");
  sites.replaceChildren();
  for (const p of PLATFORMS) {
    const item = el("li");
    const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id: `site-${p}` }));
    box.checked = state.sites[p];
    box.addEventListener("change", async () => {
      if (!box.checked) {
        // Switching off is a change to the boundary: it stays on until the flow's schedule says so.
        box.checked = true;
        await reflect({ type: "site_off", platform: p }, $("sites-status"));
        return;
      }
      try {
        await ask({ type: "list.setSite", platform: p, on: true });
      } catch (err) {
        say($("sites-status"), /** @type {Error} */ (err).message);
      }
    });
    item.append(box, el("label", { for: `site-${p}` }, siteName(p)));
    sites.append(item);
  }
  $("paused").checked = state.paused;
}

$("paused").addEventListener("change", async () => {
  if ($("paused").checked) {
    $("paused").checked = false;
    await reflect({ type: "pause_all" }, $("sites-status"));
    return;
  }
  try {
    await ask({ type: "list.setPaused", paused: false });
    say($("sites-status"), "options_resumedNow");
  } catch (err) {
    say($("sites-status"), /** @type {Error} */ (err).message);
  }
});

/**
 * Open the reflection flow for a weakening action; nothing changes here.
 * @param {any} action @param {HTMLElement} out
 */
async function reflect(action, out) {
  try {
    await ask({ type: "reflect.start", action });
    say(out, "options_flowOpened");
  } catch (err) {
    say(out, /** @type {Error} */ (err).message);
  }
}

// --- waiting changes, the record, the settings -----------------------------------------------------
async function renderPending() {
  const { pending } = await ask({ type: "pending.list" });
  const list = $("pending");
  list.replaceChildren();
  $("pending-none").hidden = pending.length > 0;
  for (const entry of pending) {
    const item = el("li");
    const what = t(`options_pending_${entry.type}`, [entry.label, entry.platform ? siteName(entry.platform) : "", entry.host || ""]);
    item.append(el("span", {}, t("options_pendingItem", [what, new Date(entry.effectiveAt).toLocaleString()])));
    const cancel = el("button", { type: "button" }, t("options_pendingCancel"));
    cancel.addEventListener("click", async () => {
      await ask({ type: "pending.cancel", id: entry.id });
      await render();
    });
    item.append(cancel);
    if (entry.due) {
      const apply = el("button", { type: "button" }, t("options_pendingApply"));
      apply.addEventListener("click", async () => {
        if (!(await confirmWeakening("confirm_apply"))) return;
        try {
          const { until } = await ask({ type: "pending.apply", id: entry.id, confirmed: true });
          if (until) {
            const when = new Date(until).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
            say($("pending-status"), `options_exceptionGranted_${entry.type}`, [when, entry.label, siteName(entry.platform)]);
          }
        } catch (err) {
          say($("pending-status"), /** @type {Error} */ (err).message);
        }
        await render();
      });
      item.append(apply);
    }
    list.append(item);
  }
}

/** The one-hour exceptions running now, each with "hide them again now" (instant). */
async function renderExceptions() {
  const { exceptions } = await ask({ type: "exceptions.list" });
  $("exceptions-box").hidden = exceptions.length === 0;
  $("exceptions").replaceChildren(
    ...exceptions.map((/** @type {any} */ e) => {
      const item = el("li");
      const site = e.platform ? siteName(e.platform) : "";
      const when = new Date(e.until).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      item.append(el("span", {}, t("options_exceptionItem", [e.label, site, when])));
      const end = el("button", { type: "button", "aria-label": t("options_exceptionEndLabel", [e.label, site]) }, t("options_exceptionEnd"));
      end.addEventListener("click", async () => {
        await ask({ type: "exceptions.end", person: e.person, platform: e.platform });
        say($("pending-status"), "options_exceptionEnded");
        await renderExceptions();
      });
      item.append(end);
      return item;
    }),
  );
}

/** The weekly chart of kept moments: bars for the eye, and the same numbers as text for everyone. */
function renderWeeks(/** @type {any[]} */ events) {
  const weeks = weeklyMoments(events, Date.now());
  const most = Math.max(1, ...weeks.map((w) => w.kept));
  $("journal-weeks").replaceChildren(
    ...weeks.map((week, i) => {
      const label =
        i === weeks.length - 1
          ? t("options_journalThisWeek", [String(week.kept)])
          : t("options_journalWeek", [new Date(week.start).toLocaleDateString([], { month: "short", day: "numeric" }), String(week.kept)]);
      const item = el("li");
      const bar = el("span", { class: "bar", "aria-hidden": "true" });
      bar.style.width = `${(week.kept / most) * 100}%`;
      item.append(el("span", { class: "week" }, label), bar);
      return item;
    }),
  );
}

const CHOICES = { kept: "options_journalKept", scheduled: "options_journalScheduled", cancelled: "options_journalCancelled", applied: "options_journalApplied" };

async function renderJournal() {
  const { events, kept } = await ask({ type: "journal.get" });
  $("journal-summary").textContent = events.length ? t("options_journalSummary", [String(kept)]) : t("options_journalEmpty");
  $("journal-chart").hidden = events.length === 0;
  renderWeeks(events);
  const list = $("journal");
  list.replaceChildren();
  for (const event of events.slice(0, 50)) {
    const parts = [new Date(event.at).toLocaleString(), t(CHOICES[/** @type {keyof typeof CHOICES} */ (event.choice)] || "options_journalKept")];
    if (event.site) parts.push(siteName(event.site));
    list.append(el("li", {}, parts.join(" · ")));
  }
}

$("journal-clear").addEventListener("click", async () => {
  await ask({ type: "journal.clear" });
  say($("journal-status"), "options_journalCleared");
  await renderJournal();
});

const coolingSelect = $("cooling");
for (const hours of [1, 12, 24, 48, 72, 168]) coolingSelect.append(new Option(t("options_hours", [String(hours)]), String(hours)));

async function renderSettings() {
  const settings = await ask({ type: "settings.get" });
  if (![...coolingSelect.options].some((o) => o.value === String(settings.coolingOffHours))) {
    coolingSelect.append(new Option(t("options_hours", [String(settings.coolingOffHours)]), String(settings.coolingOffHours)));
  }
  coolingSelect.value = String(settings.coolingOffHours);
  coolingSelect.dataset.current = String(settings.coolingOffHours);
  $("plan").value = settings.ifThen;
}

$("settings-form").addEventListener("submit", async (/** @type {Event} */ event) => {
  event.preventDefault();
  const hours = Number(coolingSelect.value);
  const current = Number(coolingSelect.dataset.current);
  try {
    await ask({ type: "settings.set", ifThen: $("plan").value, ...(hours >= current ? { coolingOffHours: hours } : {}) });
    if (hours < current) {
      coolingSelect.value = String(current);
      await reflect({ type: "lower_cooling_off", hours }, $("settings-status"));
    } else {
      say($("settings-status"), "options_settingsSaved");
    }
    await renderSettings();
  } catch (err) {
    say($("settings-status"), /** @type {Error} */ (err).message);
  }
});

// --- export / import ------------------------------------------------------------------------------
$("export").addEventListener("click", async () => {
  const { backup } = await ask({ type: "list.export" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(backup, null, 1)], { type: "application/json" }));
  link.download = "no-contact-backup.json";
  link.click();
  URL.revokeObjectURL(link.href);
});

$("import-file").addEventListener("change", async () => {
  const file = $("import-file").files[0];
  if (!file) return;
  try {
    const { count } = await ask({ type: "list.import", text: await file.text() });
    say($("import-status"), "options_imported", [String(count)]);
    await render();
  } catch (err) {
    say($("import-status"), /** @type {Error} */ (err).message);
  }
  $("import-file").value = "";
});

// --- render ---------------------------------------------------------------------------------------
async function render() {
  const state = await ask({ type: "list.get" });
  $("people-empty").hidden = state.people.length > 0;
  $("people").replaceChildren(...state.people.map(personCard));
  renderSwitches(state);
  await Promise.all([renderPending(), renderExceptions(), renderJournal()]);
}

void render();
void renderSettings();
// Changes made in the reflection tab (or by sync) show up here without a reload.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && ["doc.blocklist", "doc.journal", "exceptions"].some((k) => k in changes)) void render();
});
void mountInstances($("instances"));
// A right-click on something that is not a profile ends up here with the reason.
chrome.storage.session
  ?.get("menuError")
  .then(({ menuError }) => {
    if (menuError) {
      say($("add-status"), menuError);
      return chrome.storage.session.remove("menuError");
    }
  })
  .catch(() => {});
