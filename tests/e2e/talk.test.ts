/**
 * Real talk through the extension: a recorded talk clip from ../shared/nonmusic
 * (read at test time, never committed), and videos that open or close with
 * talk around music. Skipped where ../shared is not beside the project.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { hasRealTalk } from '../../tools/lib/browser/demoServer.ts';
import { type BadgeState, Harness } from './harness.ts';

const skip = hasRealTalk ? false : '../shared/nonmusic is not beside the project';

/** Samples the badge together with the video's playback position until `done` says stop. */
async function follow(
  h: Harness,
  page: Page,
  done: (b: BadgeState, time: number) => boolean,
  timeoutMs: number,
): Promise<{ badge: BadgeState; time: number }[]> {
  const seen: { badge: BadgeState; time: number }[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const time = await page.evaluate(() => document.querySelector('video')?.currentTime ?? 0);
    const badge = await h.badge(page);
    if (badge) {
      seen.push({ badge, time });
      if (done(badge, time)) return seen;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`timed out; last seen ${JSON.stringify(seen.at(-1))}`);
}

// Each test carries the skip (not the suite), so a run without ../shared counts and names them.
describe('real talk', () => {
  const h = new Harness();
  before(() => (skip ? undefined : h.start()));
  after(() => (skip ? undefined : h.stop()));

  it('a real talk recording shows "Not music?" and never a genre', { skip }, async () => {
    const page = await h.open('https://www.youtube.com/watch?v=realtalk');
    const seen = await follow(h, page, (b, t) => b.notice === 'not-music' && t >= 8, 30000);
    const genres = seen.filter((s) => s.badge.genre).map((s) => `${s.badge.genre} at ${s.time.toFixed(1)} s`);
    assert.deepEqual(genres, [], 'no genre while people talk');
    const first = seen.find((s) => s.badge.notice === 'not-music')!;
    assert.ok(first.time <= 7, `"Not music?" after ${first.time.toFixed(1)} s of audio`);
    assert.equal(seen.at(-1)!.badge.text, 'Not music?');
    const report = await h.storedReport(await h.tabIdOf(page));
    assert.equal(report?.notice, 'not-music');
    assert.equal(report?.genre, undefined);
    await page.close();
  });

  it('15 s of talk, then music: no genre during the talk, the music\'s genre within 5 s of its start', { skip }, async () => {
    const page = await h.open('https://www.youtube.com/watch?v=talkmusic');
    const seen = await follow(h, page, (b, t) => (t > 15 && b.state === 'ready' && b.genre === 'Rock') || t > 27, 60000);
    const duringTalk = seen.filter((s) => s.time < 15 && s.badge.genre);
    assert.deepEqual(duringTalk.map((s) => `${s.badge.genre} at ${s.time.toFixed(1)} s`), [], 'no genre while people talk');
    const shown = seen.at(-1)!;
    // When the detector hears music, the window restarts from its recent patches (no talk in
    // them), so the first guess comes about 3 s into the music, the clip's genre within 5 s.
    const firstAfter = seen.find((s) => s.time >= 15 && s.badge.genre);
    console.log(`  first genre after the talk: ${firstAfter?.badge.genre} at ${firstAfter?.time.toFixed(1)} s; Rock at ${shown.time.toFixed(1)} s`);
    assert.equal(shown.badge.genre, 'Rock', `no Rock by ${shown.time.toFixed(1)} s: ${JSON.stringify(shown.badge)}`);
    assert.ok(shown.time <= 20, `Rock came ${(shown.time - 15).toFixed(1)} s after the music started`);
    await page.close();
  });

  it('music, then talk: the genre gives way to "Not music?" once people talk', { skip }, async () => {
    const page = await h.open('https://www.youtube.com/watch?v=musictalk');
    await follow(h, page, (b, t) => b.state === 'ready' && b.genre === 'Rock' && t < 15, 20000);
    const seen = await follow(h, page, (b, t) => (t > 15 && b.notice === 'not-music') || t > 25, 40000);
    const last = seen.at(-1)!;
    assert.equal(last.badge.notice, 'not-music', `still ${JSON.stringify(last.badge)} at ${last.time.toFixed(1)} s`);
    assert.equal(last.badge.genre, undefined);
    assert.ok(last.time <= 23, `"Not music?" ${(last.time - 15).toFixed(1)} s after the talk started`);
    await page.close();
  });
});
