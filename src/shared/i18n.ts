/** User-facing strings come from _locales/<lang>/messages.json through the i18n API. */
import browser from 'webextension-polyfill';

export type MessageKey = keyof typeof import('../../_locales/en/messages.json');

/**
 * Each message is looked up once, with markers for its substitutions, and filled in here
 * after: the badge asks for messages every second on the page's thread, with new numbers.
 */
const templates = new Map<string, string>();
const MARKERS = ['\u0001', '\u0002', '\u0003', '\u0004', '\u0005', '\u0006', '\u0007', '\u0008', '\u000e'];

/** The message for `key` in the browser's language, with $1, $2… filled from `substitutions`. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  let template = templates.get(key);
  if (template === undefined) {
    try {
      template = browser.i18n.getMessage(key, MARKERS);
    } catch {
      // the extension context is gone (reloaded): fall through to the key
    }
    if (!template) return key;
    templates.set(key, template);
  }
  if (substitutions.length === 0) return template;
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const marker = MARKERS.indexOf(template[i]!);
    text += marker >= 0 ? String(substitutions[marker] ?? '') : template[i]!;
  }
  return text;
}
