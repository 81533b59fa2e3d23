/** Every locale has every message of the English one, with the same placeholders, within the stores' limits. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../../_locales');
type Messages = Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string) => JSON.parse(readFileSync(path.join(ROOT, lang, 'messages.json'), 'utf8')) as Messages;
const english = load('en');
const tokens = (text: string) => [...text.matchAll(/\$([A-Z0-9_]+)\$/gi)].map((m) => m[1]!.toLowerCase()).sort();

describe('locales', () => {
  const langs = readdirSync(ROOT);

  it('include English, German, Spanish, French, Brazilian Portuguese and Japanese', () => {
    for (const lang of ['en', 'de', 'es', 'fr', 'pt_BR', 'ja']) assert.ok(langs.includes(lang), lang);
  });

  for (const lang of langs) {
    it(`${lang}: same keys as English, same placeholders, non-empty, store limits`, () => {
      const messages = load(lang);
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(english).sort());
      for (const [key, entry] of Object.entries(messages)) {
        const reference = english[key]!;
        assert.ok(entry.message.trim().length > 0, `${lang}.${key} is empty`);
        assert.deepEqual(tokens(entry.message), tokens(reference.message), `${lang}.${key} placeholders used`);
        assert.deepEqual(entry.placeholders, reference.placeholders, `${lang}.${key} placeholder definitions`);
        for (const name of tokens(entry.message)) assert.ok(entry.placeholders?.[name], `${lang}.${key}: $${name}$ is defined`);
      }
      // Chrome Web Store: name ≤ 75 characters, description ≤ 132.
      assert.ok(messages.extName!.message.length <= 75);
      assert.ok(messages.extDescription!.message.length <= 132, `${lang} description is ${messages.extDescription!.message.length} characters`);
    });
  }
});
