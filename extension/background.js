// The background entry (an ES module: a service worker in Chrome, an event page in Firefox). Each
// module registers its own listeners at the top level, so a background woken by any event has them
// all; nothing here keeps state in memory.
//
// Messages: one router (background/messages.js); each module declares the types it answers, and who
// may send them (the extension's pages, or content scripts in a site's tab):
//   list.*          background/list.js          the person list (get, add, addAccount, edit,
//                                               setSite, setPaused, export, import)
//   reflect.*       background/reflection.js    the reflection flow (start, get, keep, schedule;
//                                               fromSite from content scripts)
//   pending.*       background/pending.js       waiting changes (list, cancel, apply)
//   journal.*       background/journal.js       the record of moments
//   settings.*      background/settings.js      the settings document
//   exceptions.*    background/exceptions.js    the hour a confirmed look or site Unblock grants
//   interstitial.*  background/interstitial.js  whom an interstitial page stands for
//   quickExit.*     background/quick-exit.js    leave at once (also the browser shortcut)
//   history.*       background/history.js       forgetting their addresses (an option)
//   firstRun.*      background/first-run.js     the first run's progress and draft
//   records.*       background/records.js       the sealed records (capture, save, open, export)
//   sync.*          background/sync.js          sync setup and status
//   health.*        background/site-health.js   the sites' health (the self-check's reports)
//   rules.*         background/rules.js         signed rule packs from the sync server
import "./background/match-index.js";
import "./background/profile-redirects.js";
import "./background/list.js";
import "./background/reflection.js";
import "./background/pending.js";
import "./background/journal.js";
import "./background/settings.js";
import "./background/exceptions.js";
import "./background/interstitial.js";
import "./background/toolbar.js";
import "./background/quick-exit.js";
import "./background/history.js";
import "./background/first-run.js";
import "./background/records.js";
import "./background/context-menu.js";
import "./background/instances.js";
import "./background/sync.js";
import "./background/site-health.js";
import "./background/rules.js";
