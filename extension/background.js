// The background entry (an ES module: a service worker in Chrome, an event page in Firefox). Each
// module registers its own listeners at the top level, so a background woken by any event has them
// all; nothing here keeps state in memory.
//
// Messages (chrome.runtime.sendMessage from extension pages, answered {ok, ...} or {ok:false, error}):
//   list.*        background/list.js          the person list (get, add, addAccount, edit, remove,
//                                             removeAccount, setSite, setPaused, export, import)
//   reflect.*, pending.*, journal.*, settings.*
//                 background/reflection.js    the reflection flow, waiting changes, the record
//   exceptions.*  background/exceptions.js    the hour a confirmed look or site Unblock grants
//   interstitial.* background/interstitial.js whom an interstitial page stands for ("look anyway")
//   sync.*        background/sync.js          sync setup and status
import "./background/match-index.js";
import "./background/profile-redirects.js";
import "./background/list.js";
import "./background/reflection.js";
import "./background/exceptions.js";
import "./background/interstitial.js";
import "./background/due.js";
import "./background/context-menu.js";
import "./background/instances.js";
import "./background/sync.js";
