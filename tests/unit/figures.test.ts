/** The user-facing texts state no figure of their own: numbers come from the code, and the store listing's accuracy from the shipped model. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { FEATURE_SPEC } from '../../src/core/spec.ts';
import { FIRST_GUESS_SECONDS, TRAINED_WINDOW_SECONDS } from '../../src/shared/figures.ts';
import { DEFAULT_PREFERENCES } from '../../src/shared/preferences.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('no message in any locale writes a number of its own (figures are placeholders filled from the code)', () => {
  for (const lang of readdirSync(path.join(ROOT, '_locales'))) {
    const messages = JSON.parse(readFileSync(path.join(ROOT, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
    for (const [key, { message }] of Object.entries(messages)) {
      assert.doesNotMatch(message.replace(/\$[A-Z0-9_]+\$/gi, ''), /[0-9０-９]/, `${lang}.${key}: "${message}"`);
    }
  }
});

it('the figures are the code’s: first guess after one patch, windows of one patch to the full window, the default window the model’s', () => {
  assert.equal(FIRST_GUESS_SECONDS, 1);
  assert.ok(FEATURE_SPEC.minWindowSeconds <= FIRST_GUESS_SECONDS);
  assert.deepEqual(TRAINED_WINDOW_SECONDS, { shortest: 1, longest: FEATURE_SPEC.windowSeconds });
  assert.equal(DEFAULT_PREFERENCES.windowSeconds, FEATURE_SPEC.windowSeconds);
});

it('the store listing quotes the shipped model’s leave-one-source-out accuracy', () => {
  const info = JSON.parse(readFileSync(path.join(ROOT, 'model/model.json'), 'utf8')) as { metrics: { leaveOneSourceOut: { meanClipAccuracy: number } } };
  const listing = readFileSync(path.join(ROOT, 'docs/store/listing.md'), 'utf8');
  const quoted = listing.match(/never saw it is right about (\d+)%/)?.[1];
  assert.equal(Number(quoted), Math.round(info.metrics.leaveOneSourceOut.meanClipAccuracy * 100));
});
