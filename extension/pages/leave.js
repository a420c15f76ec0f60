// Leave one of the calm pages (the interstitial, the reflection flow): back where the user came
// from, or close the tab when it was opened for this alone and there is nowhere to go back to.

export async function leavePage() {
  if (history.length > 1) {
    history.back();
    return;
  }
  const tab = await chrome.tabs.getCurrent();
  if (tab?.id !== undefined) await chrome.tabs.remove(tab.id);
}
