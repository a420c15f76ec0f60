// How the extension's own pages ask the background: `chrome.runtime.sendMessage({type, ...})`,
// answered `{ok: true, ...}` or `{ok: false, error: "<message key>"}`. Chrome does not accept a
// Promise from an onMessage listener, hence sendResponse and `return true`. Content scripts run
// inside sites (their tab's address is http or https), so nothing here ever answers them.

/**
 * Answer the pages' messages of these types.
 * @param {Record<string, (message: any) => Promise<any>>} handlers
 * @param {(err: any) => string} [errorKey] the message key an error is reported as
 */
export function answerPages(handlers, errorKey = (err) => String(err?.message || "options_somethingWrong")) {
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const handler = handlers[message?.type];
    if (!handler || sender.id !== chrome.runtime.id || sender.tab?.url?.startsWith("http")) return false;
    handler(message).then(
      (result) => sendResponse({ ok: true, ...result }),
      (err) => sendResponse({ ok: false, error: errorKey(err) }),
    );
    return true;
  });
}
