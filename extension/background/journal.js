// The record of moments (PROTOCOL §3.2): every interrupted weakening attempt and what the user chose,
// never anything of the person. The `journal.*` messages read and delete it.
import { b64u } from "../lib/base64url.js";
import { answerPages } from "./messages.js";
import { now, readDoc, updateDoc } from "./store.js";

/**
 * Write one moment.
 * @param {{site?: string|null, motive?: string|null, choice: string, action: string}} event
 */
export async function record(event) {
  const at = await now();
  await updateDoc("journal", (doc) => ({
    ...doc,
    events: {
      ...doc.events,
      [b64u(crypto.getRandomValues(new Uint8Array(12)))]: {
        at,
        kind: "attempt",
        site: event.site ?? null,
        motive: event.motive ?? null,
        choice: event.choice,
        action: event.action,
      },
    },
  }));
}

answerPages({
  "journal.get": async () => {
    const doc = await readDoc("journal");
    const events = Object.values(doc.events ?? {}).sort((a, b) => b.at - a.at);
    return { events, kept: events.filter((e) => e.choice === "kept" || e.choice === "cancelled").length };
  },
  "journal.clear": async () => {
    const at = await now();
    await updateDoc("journal", (doc) => ({
      format: 1,
      events: {},
      cleared_before: Math.max(doc.cleared_before || 0, at + 1),
    }));
    return {};
  },
});
