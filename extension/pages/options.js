// The options page: add a person by pasting a link, the list with edits, site switches and pause,
// Mastodon instances, export/import, and the way to sync. Every change goes through the background;
// weakening changes first pass the typed confirmation (confirm.js).
import { PLATFORMS } from "../lib/blocklist.js";
import { ask, localize, t } from "../lib/i18n.js";
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
  try {
    const result = await ask({
      type: "list.add",
      text: $("add-input").value,
      platform: siteSelect.value,
      label: $("add-name").value,
      note: $("add-note").value,
    });
    say($("add-status"), result.existing ? "options_alreadyListed" : "options_added");
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
  const status = el("p", { role: "status", "aria-live": "polite" });

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
    remove.addEventListener("click", async () => {
      if (!(await confirmWeakening("confirm_removeAccount"))) return;
      try {
        await ask({ type: "list.removeAccount", personId: person.id, key: account.key, confirmed: true });
        await render();
      } catch (err) {
        say(status, /** @type {Error} */ (err).message);
      }
    });
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
  removePerson.addEventListener("click", async () => {
    if (!(await confirmWeakening("confirm_removePerson"))) return;
    try {
      await ask({ type: "list.remove", personId: person.id, confirmed: true });
      await render();
    } catch (err) {
      say(status, /** @type {Error} */ (err).message);
    }
  });
  const footer = el("div", { class: "actions" });
  footer.append(removePerson);
  card.append(list, more, edit, footer, status);
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
      const on = box.checked;
      if (!on && !(await confirmWeakening("confirm_siteOff"))) {
        box.checked = true;
        return;
      }
      try {
        await ask({ type: "list.setSite", platform: p, on, confirmed: !on });
      } catch (err) {
        box.checked = !on;
        say($("sites-status"), /** @type {Error} */ (err).message);
      }
    });
    item.append(box, el("label", { for: `site-${p}` }, siteName(p)));
    sites.append(item);
  }
  $("paused").checked = state.paused;
}

$("paused").addEventListener("change", async () => {
  const paused = $("paused").checked;
  if (paused && !(await confirmWeakening("confirm_pause"))) {
    $("paused").checked = false;
    return;
  }
  try {
    await ask({ type: "list.setPaused", paused, confirmed: paused });
    say($("sites-status"), paused ? "options_pausedNow" : "options_resumedNow");
  } catch (err) {
    $("paused").checked = !paused;
    say($("sites-status"), /** @type {Error} */ (err).message);
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
}

void render();
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
