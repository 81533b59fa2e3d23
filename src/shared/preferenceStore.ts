/** Reads, writes and watches the user's preferences in chrome.storage.sync. */
import browser from 'webextension-polyfill';
import { type Preferences, readPreferences } from './preferences.ts';

export async function loadPreferences(): Promise<Preferences> {
  return readPreferences(await browser.storage.sync.get(null));
}

export function savePreferences(changes: Partial<Preferences>): Promise<void> {
  return browser.storage.sync.set(changes);
}

/** Calls `apply` now and whenever the preferences change; returns an unsubscribe function. */
export function watchPreferences(apply: (prefs: Preferences) => void): () => void {
  const listener = (_changes: unknown, area: string) => {
    if (area === 'sync') void loadPreferences().then(apply);
  };
  browser.storage.onChanged.addListener(listener);
  void loadPreferences().then(apply);
  return () => browser.storage.onChanged.removeListener(listener);
}
