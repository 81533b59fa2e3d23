/** Which surface a frame is, one copy of a script per frame, and the engine's per-port message budget. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageBudget, PORT_MESSAGE_BURST, PORT_MESSAGES_PER_SECOND } from '../../src/engine/messageBudget.ts';
import { claimSingleRun } from '../../src/shared/singleRun.ts';
import { OPTIONAL_MATCHES, REQUIRED_MATCHES, SURFACES, SURFACES_ON_AT_INSTALL, SWITCHABLE_REQUIRED_MATCHES, SWITCHABLE_SURFACES, type SurfaceRecord, surfaceOf, YOUTUBE_HOSTS, type Surface } from '../../src/shared/youtube.ts';
import english from '../../_locales/en/messages.json' with { type: 'json' };

describe('surfaces', () => {
  it('are one record each: its hosts are served, its top-level pages are it, a switchable one is named in the options and the popup', () => {
    for (const [name, record] of Object.entries(SURFACES) as [Surface, SurfaceRecord][]) {
      for (const host of record.hosts) {
        assert.ok(YOUTUBE_HOSTS.includes(host), `${name}: ${host}`);
        assert.equal(surfaceOf(`https://${host}/watch?v=dQw4w9WgXcQ`, false), name === 'embed' ? 'embed' : name, host);
      }
      const switchable = record.onAtInstall !== undefined;
      assert.equal(name in SWITCHABLE_SURFACES, switchable, name);
      if (switchable) for (const key of [record.optionLabel, record.placeName]) assert.ok(key && key in english, `${name}: message ${key}`);
    }
  });

  it('every www.youtube.com frame that is not the top-level page is an embed, whatever its path', () => {
    for (const url of [
      'https://www.youtube.com/embed?listType=playlist&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG',
      'https://www.youtube.com/embed/dQw4w9WgXcQ',
      'https://www.youtube.com/embed',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://www.youtube.com/',
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    ]) {
      assert.equal(surfaceOf(url, true), 'embed', url);
    }
    assert.equal(surfaceOf('https://www.youtube.com/embed?listType=playlist&list=PL1', false), 'embed', 'an /embed page opened on its own');
    assert.equal(surfaceOf('https://www.youtube.com/embed/dQw4w9WgXcQ', false), 'embed');
    assert.equal(surfaceOf('https://www.youtube.com/watch?v=dQw4w9WgXcQ', false), 'watch');
    assert.equal(surfaceOf('https://www.youtube.com/shorts/dQw4w9WgXcQ', false), 'watch');
    assert.equal(surfaceOf('https://www.youtube.com/embedded-thoughts', false), 'watch', 'only /embed and /embed/… are the embed paths');
    assert.equal(surfaceOf('https://music.youtube.com/watch?v=dQw4w9WgXcQ', false), 'music');
    assert.equal(surfaceOf('https://m.youtube.com/watch?v=dQw4w9WgXcQ', false), 'mobile');
  });

  it('YouTube Music is asked for at install and on; embeds and the mobile site are optional and off', () => {
    assert.deepEqual(REQUIRED_MATCHES, ['https://www.youtube.com/*', 'https://music.youtube.com/*']);
    assert.deepEqual([...OPTIONAL_MATCHES].sort(), ['https://m.youtube.com/*', 'https://www.youtube-nocookie.com/*']);
    assert.deepEqual(SURFACES_ON_AT_INSTALL, { music: true, mobile: false, embed: false });
    // The manifest's scripts leave out what a switch decides on required hosts: YouTube Music and
    // every /embed form (registered by the background only while on).
    assert.deepEqual([...SWITCHABLE_REQUIRED_MATCHES].sort(), ['https://music.youtube.com/*', 'https://www.youtube.com/embed*']);
  });
});

describe('one copy of a script per world', () => {
  it('a second copy returns; a copy whose extension is gone does not count', () => {
    assert.equal(claimSingleRun('test-script'), true);
    assert.equal(claimSingleRun('test-script'), false);
    let alive = true;
    assert.equal(claimSingleRun('test-orphan', () => alive), true);
    assert.equal(claimSingleRun('test-orphan'), false);
    alive = false;
    assert.equal(claimSingleRun('test-orphan'), true, 'the reloaded extension runs again');
  });
});

describe('engine message budget', () => {
  it('real use passes: one chunk a second and two controls every 250 ms', () => {
    const budget = new MessageBudget();
    for (let ms = 0; ms < 60_000; ms += 125) {
      if (ms % 1000 === 0) assert.ok(budget.take(ms), `chunk at ${ms}`);
      assert.ok(budget.take(ms), `control at ${ms}`);
    }
    assert.equal(budget.refused, 0);
  });

  it('a flood is cut to the budget, controls and audio alike', () => {
    const budget = new MessageBudget();
    let taken = 0;
    for (let i = 0; i < 10_000; i++) if (budget.take(i / 5)) taken++; // 10,000 messages in 2 s
    assert.ok(taken <= PORT_MESSAGE_BURST + 2 * PORT_MESSAGES_PER_SECOND + 1, `${taken} taken`);
    assert.ok(budget.refused >= 10_000 - taken);
  });
});
