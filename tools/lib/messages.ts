/** The extension's English messages (_locales/en/messages.json), for tools that print what it would show. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const MESSAGES = JSON.parse(readFileSync(fileURLToPath(new URL('../../_locales/en/messages.json', import.meta.url)), 'utf8')) as Messages;

/** The message for `key` with $1, $2… (through its named placeholders) filled in, as chrome.i18n.getMessage does. */
export function english(key: string, ...substitutions: string[]): string {
  const entry = MESSAGES[key];
  if (!entry) throw new Error(`no message "${key}" in _locales/en/messages.json`);
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? whole;
    return content.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  });
}
