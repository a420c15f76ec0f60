// The `settings.*` messages over the settings document (lib/settings.js owns its keys and bounds).
// Strengthening or neutral changes are instant; one that weakens the protection (a shorter waiting
// time) is refused here and goes through the reflection flow as `lower_cooling_off`.
import { readSetting, readSettings, weakens, writeSetting } from "../lib/settings.js";
import { answerPages } from "./messages.js";
import { readDoc, updateDoc } from "./store.js";

/** The waiting time before a weakening change can be confirmed, in hours. */
export async function coolingOffHours() {
  return /** @type {number} */ (readSetting(await readDoc("settings"), "cooling_off_hours"));
}

answerPages({
  "settings.get": async () => ({ settings: readSettings(await readDoc("settings")) }),
  "settings.set": async ({ changes }) => {
    if (!changes || typeof changes !== "object") throw new Error("settings_invalid");
    await updateDoc("settings", (doc, ctx) => {
      let next = doc;
      for (const [key, value] of Object.entries(changes)) {
        if (weakens(doc, key, value)) throw new Error("reflect_lowerThroughFlow");
        next = writeSetting(next, key, value, ctx);
      }
      return next;
    });
    return { settings: readSettings(await readDoc("settings")) };
  },
});
