/** User-facing strings come from _locales/<lang>/messages.json through the i18n API. */
import browser from 'webextension-polyfill';

export type MessageKey = keyof typeof import('../../_locales/en/messages.json');

/** The message for `key` in the browser's language, with $1, $2… filled from `substitutions`. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  let text = '';
  try {
    text = browser.i18n.getMessage(key, substitutions.map(String));
  } catch {
    // the extension context is gone (reloaded): fall through to the key
  }
  return text || key;
}
