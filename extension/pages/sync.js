// The sync page: turn sync on (server, a strong passphrase, the sync code and an emergency sheet),
// join from another device, see the status, sync now, change the passphrase, turn off, delete.
// All work happens in the background (background/sync.js); this page only asks and shows.
import { formatSyncCode } from "../lib/sync/code.js";
import { generatePassphrase, passphraseProblem } from "../lib/sync/passphrase.js";
import { DEFAULT_SERVER, permissionPattern, serverOrigin } from "../lib/sync/server.js";
import { $, ask, guarded as guardedWork, initPage, plural, saveFile, t } from "./page.js";

/** A sync error's words; anything this page does not know reads as "the server sent something odd". */
const errorText = (/** @type {string} */ key) => chrome.i18n.getMessage(key) || t("sync_error_bad_response");
const send = ask;

/** @param {any} state */
function render(state) {
  const on = Boolean(state.enabled);
  // Off: first the question whether this is the first device or another one; its answer opens
  // the matching form.
  $("choose-section").hidden = on;
  if (on) {
    $("setup-section").hidden = true;
    $("join-section").hidden = true;
  }
  $("manage-section").hidden = !on;
  $("on-actions").hidden = !on;
  $("status-details").hidden = !on;
  $("status-text").textContent = t(on ? "sync_statusOn" : "sync_statusOff");
  $("status-error").textContent = "";
  if (!on) {
    $("sheet").hidden = true;
    return;
  }
  $("sync-code").textContent = formatSyncCode(state.syncId);
  $("sync-server").textContent = state.server;
  const last = state.status?.lastSuccess;
  $("last-success").textContent = last ? new Date(last).toLocaleString() : t("sync_never");
  if (state.status?.error) $("status-error").textContent = errorText(`sync_error_${state.status.error}`);
  // Wrong passphrases the server counted against this sync (the owner's own typos count too).
  const failed = state.failedAttempts;
  $("failed-attempts").hidden = !failed?.count;
  if (failed?.count) {
    const when = (/** @type {number|null} */ s) => (s ? new Date(s * 1000).toLocaleString() : "");
    $("failed-attempts").textContent = plural(
      "sync_failedAttempts",
      failed.count,
      when(failed.since),
      when(failed.last),
    );
  }
  $("sheet-text").textContent = t("sync_sheetText", formatSyncCode(state.syncId), state.server);
}

/** Ask for the server's host permission (needs this click's user gesture). @param {string} origin */
async function allowServer(origin) {
  const granted = await chrome.permissions.request({ origins: [permissionPattern(origin)] });
  if (!granted) throw new Error("sync_error_permission");
}

/** @param {HTMLElement} out @param {() => Promise<void>} work */
const guarded = (out, work) => guardedWork(out, work, { working: "sync_working", explain: errorText });

for (const id of ["setup-server", "join-server"]) $(id).value = DEFAULT_SERVER;

/** Show or hide what is typed in a passphrase field (its toggle says which). @param {HTMLElement} toggle @param {boolean} shown */
function showSecret(toggle, shown) {
  $(toggle.getAttribute("aria-controls")).type = shown ? "text" : "password";
  toggle.setAttribute("aria-pressed", String(shown));
}
for (const toggle of document.querySelectorAll(".show-secret")) {
  toggle.addEventListener("click", () =>
    showSecret(/** @type {HTMLElement} */ (toggle), toggle.getAttribute("aria-pressed") !== "true"),
  );
}

$("choose-first").addEventListener("click", () => {
  $("setup-section").hidden = false;
  $("join-section").hidden = true;
  $("setup-server").focus();
});
$("choose-other").addEventListener("click", () => {
  $("join-section").hidden = false;
  $("setup-section").hidden = true;
  $("join-server").focus();
});

$("suggest").addEventListener("click", () => {
  $("setup-passphrase").value = generatePassphrase();
  // A suggested passphrase is there to be written down: show it.
  showSecret(/** @type {HTMLElement} */ (document.querySelector('[aria-controls="setup-passphrase"]')), true);
  $("setup-passphrase").focus();
});

$("setup-form").addEventListener("submit", (/** @type {Event} */ event) => {
  event.preventDefault();
  const passphrase = $("setup-passphrase").value;
  const problem = passphraseProblem(passphrase);
  if (problem) {
    $("setup-message").textContent = t(problem);
    return;
  }
  let origin = "";
  try {
    origin = serverOrigin($("setup-server").value);
  } catch {
    $("setup-message").textContent = t("sync_error_bad_server");
    return;
  }
  void guarded($("setup-message"), async () => {
    await allowServer(origin);
    render(await send({ type: "sync.setUp", server: origin, passphrase }));
    $("sheet").hidden = false;
    $("sheet-heading").focus?.();
  });
});

$("join-form").addEventListener("submit", (/** @type {Event} */ event) => {
  event.preventDefault();
  let origin = "";
  try {
    origin = serverOrigin($("join-server").value);
  } catch {
    $("join-message").textContent = t("sync_error_bad_server");
    return;
  }
  void guarded($("join-message"), async () => {
    await allowServer(origin);
    render(
      await send({
        type: "sync.join",
        server: origin,
        code: $("join-code").value,
        passphrase: $("join-passphrase").value,
      }),
    );
  });
});

$("sync-now").addEventListener("click", () => {
  void guarded($("status-text"), async () => render(await send({ type: "sync.now", force: true })));
});

$("show-sheet").addEventListener("click", () => {
  $("sheet").hidden = false;
});
$("sheet-print").addEventListener("click", () => window.print());
$("sheet-save").addEventListener("click", () => {
  saveFile($("sheet-text").textContent, "text/plain", "sync-emergency-sheet.txt");
});

$("passwd-form").addEventListener("submit", (/** @type {Event} */ event) => {
  event.preventDefault();
  const passphrase = $("new-passphrase").value;
  const problem = passphraseProblem(passphrase);
  if (problem) {
    $("passwd-message").textContent = t(problem);
    return;
  }
  void guarded($("passwd-message"), async () => {
    await send({ type: "sync.changePassphrase", passphrase });
    $("passwd-message").textContent = t("sync_passphraseChanged");
  });
});

$("turn-off").addEventListener("click", () => {
  void guarded($("status-text"), async () => render(await send({ type: "sync.turnOff" })));
});

$("delete-form").addEventListener("submit", (/** @type {Event} */ event) => {
  event.preventDefault();
  if ($("delete-confirm").value.trim().toLowerCase() !== t("sync_deleteWord").toLowerCase()) {
    $("delete-message").textContent = t("sync_deleteMismatch", t("sync_deleteWord"));
    return;
  }
  void guarded($("delete-message"), async () => render(await send({ type: "sync.delete" })));
});

await initPage({ title: "sync_title" });
// Opening the page is a good moment to pull: the user is looking.
send({ type: "sync.status" })
  .then((state) => {
    render(state);
    if (state.enabled) return send({ type: "sync.now" }).then(render);
  })
  .catch((err) => {
    $("status-error").textContent = errorText(err.message);
  });
