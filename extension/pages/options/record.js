// "Moments you protected yourself": how many times the user kept their boundary, a chart of the last
// eight weeks (bars for the eye, the same numbers as text for everyone) and the list of moments.
// Nothing of the person is ever in it. Deleting it clears it on every device.
import { weeklyMoments } from "../../lib/journal.js";
import { $, ask, el, plural, t } from "../page.js";

const CHOICES = {
  kept: "options_journalKept",
  scheduled: "options_journalScheduled",
  cancelled: "options_journalCancelled",
  applied: "options_journalApplied",
};

/** @param {any[]} events */
function renderWeeks(events) {
  const weeks = weeklyMoments(events, Date.now());
  const most = Math.max(1, ...weeks.map((w) => w.kept));
  $("journal-weeks").replaceChildren(
    ...weeks.map((week, i) => {
      const label =
        i === weeks.length - 1
          ? plural("options_journalThisWeek", week.kept)
          : plural(
              "options_journalWeek",
              week.kept,
              new Date(week.start).toLocaleDateString([], { month: "short", day: "numeric" }),
            );
      const item = el("li");
      const bar = el("span", { class: "bar", "aria-hidden": "true" });
      bar.style.width = `${(week.kept / most) * 100}%`;
      item.append(el("span", { class: "week" }, label), bar);
      return item;
    }),
  );
}

export async function renderRecord() {
  const { events, kept } = await ask({ type: "journal.get" });
  $("journal-summary").textContent = events.length ? plural("options_journalSummary", kept) : t("options_journalEmpty");
  $("journal-chart").hidden = events.length === 0;
  renderWeeks(events);
  $("journal").replaceChildren(
    ...events.slice(0, 50).map((/** @type {any} */ event) => {
      const choice = CHOICES[/** @type {keyof typeof CHOICES} */ (event.choice)] || "options_journalKept";
      const parts = [new Date(event.at).toLocaleString(), t(choice)];
      if (event.site) parts.push(t(`site_${event.site}`));
      return el("li", {}, parts.join(" · "));
    }),
  );
}

export function mountRecord() {
  $("journal-clear").addEventListener("click", async () => {
    await ask({ type: "journal.clear" });
    $("journal-status").textContent = t("options_journalCleared");
    await renderRecord();
  });
}
