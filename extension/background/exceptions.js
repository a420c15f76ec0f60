// The running exceptions (lib/exceptions.js) in `chrome.storage.local`, local to this device: granted
// only by applying a due pending entry (background/reflection.js), ended early at any time from the
// options page (ending one is strengthening: instant). background/match-index.js leaves excepted
// people out of the match index and wakes up when the next exception ends.
import { presentPeople } from "../lib/blocklist.js";
import { activeExceptions, grant } from "../lib/exceptions.js";
import { answerPages } from "./messages.js";
import { now, readDoc, readLocal } from "./store.js";

export const END_ALARM = "exception-ends";

/** The exceptions running now. */
export async function runningExceptions() {
  const exceptions = await readLocal("exceptions");
  return activeExceptions(exceptions, await now());
}

/**
 * Start the hour an applied `site_unblock` or `look_anyway` grants.
 * @param {{type: string, person?: string, platform?: string}} action
 */
export async function grantException(action) {
  const exceptions = await readLocal("exceptions");
  const { list, granted } = grant(exceptions, action, await now());
  await chrome.storage.local.set({ exceptions: list });
  return granted;
}

/** @type {Record<string, (message: any) => Promise<any>>} */
const HANDLERS = {
  "exceptions.list": async () => {
    const people = presentPeople(await readDoc("blocklist"));
    return {
      exceptions: (await runningExceptions()).map((e) => ({
        person: e.person,
        platform: e.platform,
        until: e.until,
        label: people.find((p) => p.id === e.person)?.label ?? "",
      })),
    };
  },
  "exceptions.end": async ({ person, platform }) => {
    const running = await runningExceptions();
    await chrome.storage.local.set({
      exceptions: running.filter((e) => !(e.person === (person ?? null) && e.platform === (platform ?? null))),
    });
    return {};
  },
};

answerPages(HANDLERS);
