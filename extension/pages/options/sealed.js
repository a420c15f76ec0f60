// "Sealed record": whether (and for whom) the posts the extension hides are kept as sealed records,
// how many there are (never what they say), their addresses and times on demand, the export for
// someone the user trusts (written straight to a file), the sealed box behind a gentle gate that
// offers the export instead, the access log, and deleting after a typed confirmation.
import { confirmWeakening } from "../confirm.js";
import { $, ask, el, plural, saveFile, t } from "../page.js";

/** @type {any[]} the people on the list, for the per-person choice */
let people = [];

const when = (/** @type {number} */ at) => new Date(at).toLocaleString();

/** The choice as saved: nobody, everybody, or the people named. */
async function renderChoice() {
  const { settings } = await ask({ type: "settings.get" });
  const chosen = settings.sealed_records;
  const mode = chosen.all ? "all" : chosen.people.length ? "some" : "none";
  for (const radio of document.querySelectorAll('input[name="sealed"]')) {
    /** @type {HTMLInputElement} */ (radio).checked = /** @type {HTMLInputElement} */ (radio).value === mode;
  }
  $("sealed-people").hidden = mode !== "some";
  $("sealed-people").replaceChildren(
    ...people.map((person, n) => {
      const box = el("input", { type: "checkbox", id: `sealed-person-${n}`, value: person.id });
      box.checked = chosen.people.includes(person.id);
      const item = el("li");
      item.append(box, el("label", { for: `sealed-person-${n}` }, person.label));
      return item;
    }),
  );
}

async function saveChoice() {
  const mode = /** @type {HTMLInputElement} */ (document.querySelector('input[name="sealed"]:checked'))?.value;
  const named = [...$("sealed-people").querySelectorAll("input:checked")].map((box) => box.value);
  const value = { all: mode === "all", people: mode === "some" ? named : [] };
  await ask({ type: "settings.set", changes: { sealed_records: value } });
  $("sealed-people").hidden = mode !== "some";
  $("sealed-choice-status").textContent = t(mode === "none" ? "records_choiceOff" : "records_choiceOn");
}

/** Counts, addresses and the log: what may show without opening the box. */
export async function renderSealed(list = people) {
  people = list;
  const summary = await ask({ type: "records.summary" });
  $("sealed-summary").textContent = summary.count
    ? `${plural("records_summaryWeek", summary.thisWeek)} ${plural("records_summaryTotal", summary.count)} ${
        summary.opened ? plural("records_summaryOpened", summary.opened) : t("records_summaryNeverOpened")
      }`
    : t("records_summaryNone");
  $("sealed-full").hidden = !summary.full;
  // With nothing kept there is nothing to open, save or delete; the log stays (a deletion is in it).
  $("sealed-contents").hidden = summary.count === 0 && summary.log.length === 0;
  $("sealed-address-list").replaceChildren(
    ...summary.addresses.map((/** @type {any} */ a) =>
      el("li", {}, t("records_addressItem", when(a.seenAt), t(`site_${a.site}`), a.url)),
    ),
  );
  $("sealed-log-none").hidden = summary.log.length > 0;
  $("sealed-log").replaceChildren(
    ...summary.log.map((/** @type {any} */ e) => el("li", {}, plural(`records_log_${e.kind}`, e.count, when(e.at)))),
  );
  await renderChoice();
}

/** @param {"csv"|"html"} format */
async function exportAs(format) {
  try {
    const { content, mime, filename } = await ask({ type: "records.export", format });
    saveFile(content, mime, filename);
    $("sealed-export-status").textContent = t("records_exported");
  } catch (err) {
    $("sealed-export-status").textContent = t(/** @type {Error} */ (err).message);
  }
  await renderSealed();
}

/**
 * The gate before the box: it says what is inside and offers the export instead. "Keep it closed"
 * comes first and has the focus.
 * @returns {Promise<"closed"|"export"|"open">}
 */
function gate() {
  const dialog = el("dialog", {
    class: "confirm-dialog",
    "aria-labelledby": "gate-title",
    "aria-describedby": "gate-text",
  });
  const choices = el("div", { class: "actions" });
  const closed = el("button", { type: "button", class: "primary" }, t("records_gateKeepClosed"));
  const instead = el("button", { type: "button" }, t("records_gateExport"));
  const open = el("button", { type: "button" }, t("records_gateOpen"));
  choices.append(closed, instead, open);
  dialog.append(
    el("h2", { id: "gate-title" }, t("records_gateTitle")),
    el("p", { id: "gate-text" }, t("records_gateText")),
    choices,
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    const done = (/** @type {"closed"|"export"|"open"} */ value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    closed.addEventListener("click", () => done("closed"));
    instead.addEventListener("click", () => done("export"));
    open.addEventListener("click", () => done("open"));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done("closed");
    });
    dialog.showModal();
    closed.focus();
  });
}

async function openBox() {
  const choice = await gate();
  if (choice === "export") return exportAs("html");
  if (choice !== "open") return;
  const { rows } = await ask({ type: "records.open" });
  $("sealed-rows").replaceChildren(
    ...rows.map((/** @type {any} */ r) => {
      const item = el("li");
      item.append(
        el("span", { class: "meta" }, t("records_addressItem", when(r.seenAt), t(`site_${r.site}`), r.url)),
        el("span", {}, r.text || t("records_noText")),
      );
      return item;
    }),
  );
  $("sealed-box").hidden = false;
  $("sealed-close").focus();
  await renderSealed();
}

export function mountSealed() {
  for (const radio of document.querySelectorAll('input[name="sealed"]')) radio.addEventListener("change", saveChoice);
  $("sealed-people").addEventListener("change", saveChoice);
  $("sealed-export-html").addEventListener("click", () => exportAs("html"));
  $("sealed-export-csv").addEventListener("click", () => exportAs("csv"));
  $("sealed-open").addEventListener("click", openBox);
  $("sealed-close").addEventListener("click", () => {
    $("sealed-rows").replaceChildren();
    $("sealed-box").hidden = true;
    $("sealed-open").focus();
  });
  $("sealed-delete").addEventListener("click", async () => {
    if (!(await confirmWeakening("records_deleteExplain"))) return;
    try {
      await ask({ type: "records.delete", confirmed: true });
      $("sealed-status").textContent = t("records_deleted");
    } catch (err) {
      $("sealed-status").textContent = t(/** @type {Error} */ (err).message);
    }
    await renderSealed();
  });
}
