// The people on the list, compact: one line each (private name and where they are), details on
// demand (their accounts, another account to add, the name, note and other names to edit, what
// happens to their messages), and a search over names and handles once the list grows. Removing a
// person or an account, and keeping their messages reachable, is weakening: it opens the flow.
import { $, ask, el, openFlow, plural, t } from "../page.js";
import { fillSiteChoices } from "./add.js";

/** Show the search from this many people on. */
const SEARCH_FROM = 6;
/** @type {Set<string>} the people whose details are open, kept open across re-renders */
const open = new Set();
/** @type {any[]} */
let everyone = [];

/** @param {any} account */
function accountText(account) {
  const who = account.handle ? `@${account.handle}` : account.id;
  return t("options_accountOn", who, t(`site_${account.platform}`));
}

/** The edit form: private name, note, other names (last writer wins across devices). */
function editForm(/** @type {any} */ person, /** @type {number} */ n, /** @type {HTMLElement} */ status) {
  const form = el("form");
  const name = el("input", { id: `name-${n}`, type: "text", autocomplete: "off" });
  name.value = person.label;
  const note = el("textarea", { id: `note-${n}` });
  note.value = person.note;
  const names = el("input", { id: `names-${n}`, type: "text", autocomplete: "off" });
  names.value = person.names.join(", ");
  const actions = el("div", { class: "actions" });
  actions.append(el("button", { type: "submit" }, t("options_save")));
  form.append(
    el("label", { for: `name-${n}` }, t("options_nameLabel")),
    name,
    el("label", { for: `note-${n}` }, t("options_noteLabel")),
    note,
    el("label", { for: `names-${n}` }, t("options_namesLabel")),
    names,
    actions,
  );
  form.addEventListener("submit", async (/** @type {Event} */ event) => {
    event.preventDefault();
    try {
      const extra = names.value
        .split(",")
        .map((/** @type {string} */ x) => x.trim())
        .filter(Boolean);
      await ask({ type: "list.edit", personId: person.id, label: name.value, note: note.value, names: extra });
      status.textContent = t("options_saved");
    } catch (err) {
      status.textContent = t(/** @type {Error} */ (err).message);
    }
  });
  return form;
}

/**
 * What happens to their messages: hidden too (the default) or kept reachable ("keep messages
 * only", e.g. for co-parenting). Keeping them opens the flow (a weakening: the choice stays as it
 * is until the change has waited and is confirmed); hiding them again is instant.
 */
function messagesForm(
  /** @type {any} */ person,
  /** @type {number} */ n,
  /** @type {HTMLElement} */ status,
  /** @type {() => Promise<void>} */ rerender,
) {
  const box = el("fieldset", { class: "messages", "aria-describedby": `messages-help-${n}` });
  box.append(el("legend", {}, t("options_messagesLegend")));
  for (const choice of ["hide", "keep"]) {
    const id = `messages-${choice}-${n}`;
    const input = el("input", { type: "radio", name: `messages-${n}`, id, value: choice });
    input.checked = person.messages === choice;
    input.addEventListener("change", async () => {
      if (!input.checked) return;
      if (choice === "keep") {
        // Nothing changes here: the flow decides, and the list shows the choice once applied.
        /** @type {HTMLInputElement} */ (box.querySelector(`#messages-hide-${n}`)).checked = true;
        await openFlow({ type: "keep_messages", person: person.id }, status);
        return;
      }
      try {
        await ask({ type: "list.edit", personId: person.id, messages: "hide" });
        await rerender();
        status.textContent = t("options_messagesHidden");
      } catch (err) {
        status.textContent = t(/** @type {Error} */ (err).message);
      }
    });
    const label = choice === "hide" ? "options_messagesHide" : "options_messagesKeep";
    const row = el("div", { class: "choice" });
    row.append(input, el("label", { for: id }, t(label)));
    box.append(row);
  }
  box.append(el("p", { class: "help", id: `messages-help-${n}` }, t("options_messagesHelp")));
  if (person.messages === "keep") box.append(el("p", { class: "help" }, t("options_messagesKeptNow")));
  return box;
}

/** The person's accounts, each with its (weakening) remove button. */
function accountList(/** @type {any} */ person, /** @type {HTMLElement} */ status) {
  const list = el("ul", { class: "accounts", "aria-label": t("options_accountsLabel", person.label) });
  for (const account of person.accounts) {
    const item = el("li");
    const remove = el(
      "button",
      { type: "button", "aria-label": t("options_removeAccountLabel", accountText(account)) },
      t("options_removeAccount"),
    );
    remove.addEventListener("click", () =>
      openFlow({ type: "remove_account", person: person.id, account: account.key }, status),
    );
    item.append(el("span", {}, accountText(account)), remove);
    list.append(item);
  }
  return list;
}

/** Another account for the same person (strengthening: instant). */
function moreForm(
  /** @type {any} */ person,
  /** @type {number} */ n,
  /** @type {HTMLElement} */ status,
  /** @type {() => Promise<void>} */ rerender,
) {
  const form = el("form");
  const input = el("input", { id: `more-${n}`, type: "text", autocomplete: "off" });
  const site = el("select", { "aria-label": t("options_siteLabel") });
  fillSiteChoices(site);
  const actions = el("div", { class: "actions" });
  actions.append(el("button", { type: "submit" }, t("options_addAccount")));
  form.append(el("label", { for: `more-${n}` }, t("options_addAccountLabel")), input, site, actions);
  form.addEventListener("submit", async (/** @type {Event} */ event) => {
    event.preventDefault();
    try {
      await ask({ type: "list.addAccount", personId: person.id, text: input.value, platform: site.value });
      await rerender();
    } catch (err) {
      status.textContent = t(/** @type {Error} */ (err).message);
    }
  });
  return form;
}

/** @param {any} person @param {number} n @param {() => Promise<void>} rerender */
function personRow(person, n, rerender) {
  // One status line for the whole list: rows are rebuilt whenever the list changes.
  const status = $("people-status");
  const item = el("li");
  const details = el("details", { class: "person", "data-person": person.id });
  details.open = open.has(person.id);
  details.addEventListener("toggle", () => (details.open ? open.add(person.id) : open.delete(person.id)));
  const where = [...new Set(person.accounts.map((/** @type {any} */ a) => t(`site_${a.platform}`)))].join(", ");
  const summary = el("summary");
  summary.append(el("span", { class: "who", id: `person-${n}` }, person.label), el("span", { class: "where" }, where));
  const removePerson = el(
    "button",
    { type: "button", "aria-label": t("options_removePersonLabel", person.label) },
    t("options_removePerson"),
  );
  removePerson.addEventListener("click", () => openFlow({ type: "remove_person", person: person.id }, status));
  const footer = el("div", { class: "actions" });
  footer.append(removePerson);
  details.append(
    summary,
    accountList(person, status),
    moreForm(person, n, status, rerender),
    editForm(person, n, status),
    messagesForm(person, n, status, rerender),
    footer,
  );
  item.append(details);
  return item;
}

/** Whether a person matches what was typed in the search: name, other names or an account. */
function matches(/** @type {any} */ person, /** @type {string} */ query) {
  if (!query) return true;
  const words = [person.label, ...person.names, ...person.accounts.map((/** @type {any} */ a) => a.handle ?? a.id)];
  return words.some((word) => String(word).toLowerCase().includes(query));
}

function filter() {
  const query = $("people-search").value.trim().toLowerCase();
  let shown = 0;
  for (const row of $("people-list").children) {
    const person = everyone.find((p) => p.id === row.firstElementChild.dataset.person);
    row.hidden = !matches(person, query);
    if (!row.hidden) shown += 1;
  }
  $("people-count").textContent = query
    ? plural("options_peopleShown", shown, everyone.length)
    : plural("options_peopleCount", everyone.length);
}

/** @param {any[]} people @param {() => Promise<void>} rerender */
export function renderPeople(people, rerender) {
  everyone = people;
  $("people-empty").hidden = people.length > 0;
  // With no one listed yet, adding someone is the only thing to do here.
  if (people.length === 0) $("add-box").open = true;
  $("people-tools").hidden = people.length < SEARCH_FROM;
  $("people-list").replaceChildren(...people.map((person, n) => personRow(person, n, rerender)));
  filter();
}

export function mountPeople() {
  $("people-search").addEventListener("input", filter);
}
