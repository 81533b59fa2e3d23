import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DEFAULT_PREFERENCES, readPreferences } from '../../src/shared/preferences.ts';

it('missing or invalid stored values fall back to the defaults', () => {
  assert.deepEqual(readPreferences({}), DEFAULT_PREFERENCES);
  assert.deepEqual(
    readPreferences({ badgeVisible: 'no', badgePosition: 'middle', windowSeconds: 'long', showTop3: 1, colors: { Rock: 'red', Folk: '#00ff00' } }),
    { ...DEFAULT_PREFERENCES, colors: { Folk: '#00ff00' } },
  );
});

it('window length is clamped to 5–30 s', () => {
  assert.equal(readPreferences({ windowSeconds: 2 }).windowSeconds, 5);
  assert.equal(readPreferences({ windowSeconds: 300 }).windowSeconds, 30);
  assert.equal(readPreferences({ windowSeconds: 12.4 }).windowSeconds, 12);
});

it('valid values are kept', () => {
  const prefs = {
    badgeVisible: false,
    badgePosition: 'bottom-right',
    windowSeconds: 20,
    showTop3: true,
    colors: { Rock: '#123456' },
    surfaces: { music: false, embed: true, mobile: false },
  };
  assert.deepEqual(readPreferences(prefs), prefs);
});

it('YouTube Music is on at install; embeds and the mobile site are off until switched on', () => {
  assert.deepEqual(readPreferences({}).surfaces, { music: true, embed: false, mobile: false });
  assert.deepEqual(readPreferences({ surfaces: 'off' }).surfaces, { music: true, embed: false, mobile: false });
  assert.deepEqual(readPreferences({ surfaces: { embed: 'yes', music: 0, mobile: true } }).surfaces, { music: true, embed: false, mobile: true });
  assert.deepEqual(readPreferences({ surfaces: { music: false, embed: true } }).surfaces, { music: false, embed: true, mobile: false });
});
