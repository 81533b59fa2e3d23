/** The user-facing texts state no figure of their own: numbers come from the code, and the store listing's accuracy from the shipped model. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { FIRST_GUESS_SECONDS, TRAINED_WINDOW_SECONDS } from '../../src/shared/figures.ts';
import { DEFAULT_PREFERENCES } from '../../src/shared/preferences.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('no message in any locale writes a number of its own (figures are placeholders filled from the code)', () => {
  for (const lang of readdirSync(path.join(ROOT, '_locales'))) {
    const messages = JSON.parse(readFileSync(path.join(ROOT, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
    for (const [key, { message }] of Object.entries(messages)) {
      const text = message.replace(/\$[A-Z0-9_]+\$/gi, '');
      assert.doesNotMatch(text, /[0-9０-９]/, `${lang}.${key}: "${message}"`);
      // Nor as a word: how many main genres there are comes from the code (MAIN_GENRE_COUNT).
      assert.doesNotMatch(text, /\b(five|fünf|cinq|cinco)\b|五つ/i, `${lang}.${key}: "${message}"`);
    }
  }
});

it('the figures quoted to users are the shipped model’s: first guess after its shortest window, windows up to its full window, the default window its own', () => {
  const { spec } = JSON.parse(readFileSync(path.join(ROOT, 'model/model.json'), 'utf8')) as { spec: { windowSeconds: number; minWindowSeconds: number } };
  // Texts speak in whole seconds: the first guess after the shortest window, rounded up.
  assert.equal(FIRST_GUESS_SECONDS, Math.ceil(spec.minWindowSeconds));
  assert.deepEqual(TRAINED_WINDOW_SECONDS, { shortest: FIRST_GUESS_SECONDS, longest: spec.windowSeconds });
  assert.equal(DEFAULT_PREFERENCES.windowSeconds, spec.windowSeconds);
});

it('the store listing quotes the shipped model’s leave-one-source-out accuracy', () => {
  const info = JSON.parse(readFileSync(path.join(ROOT, 'model/model.json'), 'utf8')) as { metrics: { leaveOneSourceOut: { meanClipAccuracy: number } } };
  const listing = readFileSync(path.join(ROOT, 'docs/store/listing.md'), 'utf8');
  const quoted = listing.match(/never saw it is right about (\d+)%/)?.[1];
  assert.equal(Number(quoted), Math.round(info.metrics.leaveOneSourceOut.meanClipAccuracy * 100));
});
