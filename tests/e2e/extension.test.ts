import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pollUntil, screenshotPath } from './common.ts';
import { Harness } from './harness.ts';
import { FEATURE_SPEC } from '../../src/core/spec.ts';

const GENRES = ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'];

describe('Genre Lens in Chromium on a YouTube-like watch page', () => {
  const h = new Harness();
  let page: Page;
  let tabId: number;

  before(async () => {
    await h.start();
  });
  after(() => h.stop());

  it('the badge reaches ready with a genre for a real music clip, with the video audible', async () => {
    const started = Date.now();
    page = await h.open('https://www.youtube.com/watch?v=classical');
    const first = await h.waitForBadge(page, (b) => b.state === 'ready');
    const firstGuessMs = Date.now() - started;
    const played = await page.evaluate(() => document.querySelector('video')!.currentTime);
    // The first genre is made from the first patches (what the badge reports as heard: one patch
    // is FEATURE_SPEC.minWindowSeconds; the clip's opening may be too quiet for the first), not a
    // full window; on the video's clock it comes within seconds (under 2.5 s on a quiet machine;
    // a CI run with a training beside it took 2.53, so this bound is for what is broken, not for
    // speed — that is bench:browser's figure).
    assert.ok(first.seconds! < FEATURE_SPEC.minWindowSeconds * 3, `first guess from ${first.seconds} s of audio`);
    assert.ok(played <= 6, `first guess after ${played.toFixed(2)} s of playback`);
    // After navigation, a cold browser: 1.4 s in bench:browser here; the bound only catches an
    // engine that starts late (before it was warmed when a player appears: 2.8–4.0 s).
    assert.ok(firstGuessMs < 10_000, `first guess ${firstGuessMs} ms after navigation`);
    assert.ok(GENRES.includes(first.genre!), `genre ${first.genre}`);
    assert.ok(first.confidence! > 0 && first.confidence! <= 1);
    assert.match(first.text!, new RegExp(`^(${first.genre} · \\d+%|Unsure · ${first.genre}\\?)$`));
    console.log(`  time to first guess: ${firstGuessMs} ms after page load, ${played.toFixed(2)} s of playback (first guess ${first.genre} ${first.confidence})`);
    const video = await page.evaluate(() => {
      const v = document.querySelector('video')!;
      return { muted: v.muted, volume: v.volume, paused: v.paused, hasMutedAttr: v.hasAttribute('muted'), time: v.currentTime };
    });
    assert.deepEqual({ muted: video.muted, paused: video.paused, hasMutedAttr: video.hasMutedAttr }, { muted: false, paused: false, hasMutedAttr: false });
    assert.ok(video.volume > 0);
    assert.equal(first.audioContext, 'running');
    // Let the full 10 s window fill: the classical demo clip must come out as Classical.
    const settled = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 11, 25000);
    assert.equal(settled.genre, 'Classical');
    await page.locator('#movie_player').screenshot({ path: screenshotPath('badge.png') });
  });

  it('the toolbar badge and the popup show the same genre', async () => {
    tabId = await h.tabIdOf(page);
    const badge = await h.waitForBadge(page, (b) => b.state === 'ready');
    const toolbar = await h.toolbarBadge(tabId);
    const expected = { Rock: 'ROCK', 'Hip-Hop': 'HIP', Folk: 'FOLK', Electronic: 'ELEC', Classical: 'CLAS' }[badge.genre!];
    assert.equal(toolbar, expected);
    const stored = await h.storedReport(tabId);
    assert.equal(stored?.genre, badge.genre);
    const cpu = stored?.cpuMsPerAudioSecond as number;
    assert.ok(cpu > 0 && cpu < 200, `engine CPU ${cpu} ms per second of audio`);
    console.log(`  offscreen engine CPU time: ${cpu.toFixed(2)} ms per second of audio`);
    const popup = await h.openPopup(tabId);
    await popup.waitForSelector('#genre');
    assert.equal((await popup.textContent('#genre'))?.trim(), badge.genre);
    assert.equal(await popup.locator('.bars li').count(), 5);
    await popup.screenshot({ path: screenshotPath('popup.png') });
    await popup.close();
  });

  it('pausing the video shows paused on the badge, the popup and clears the toolbar', async () => {
    await page.evaluate(() => document.querySelector('video')!.pause());
    const paused = await h.waitForBadge(page, (b) => b.state === 'paused');
    assert.match(paused.text!, /^Paused/);
    await pollUntil(() => h.toolbarBadge(tabId), (text) => text === '', 'toolbar badge cleared', 5000, 150);
    const popup = await h.openPopup(tabId);
    await popup.waitForSelector('[data-status="paused"]');
    await popup.close();
    await page.evaluate(() => document.querySelector('video')!.play());
    await h.waitForBadge(page, (b) => b.state === 'ready' || b.state === 'listening');
  });

  it('a second video after SPA navigation (new <video> element) gets a fresh guess', async () => {
    const before = await h.waitForBadge(page, (b) => b.state === 'ready');
    await page.evaluate(() => (window as unknown as { fixture: { navigate(id: string, o: object): void } }).fixture.navigate('electronic', { replaceElement: true }));
    const reset = await h.waitForBadge(page, (b) => b.state === 'listening', 5000);
    assert.equal(reset.genre, undefined);
    const fresh = await h.waitForBadge(page, (b) => b.state === 'ready');
    assert.ok(fresh.seconds! < before.seconds!, `fresh window: ${fresh.seconds} s heard vs ${before.seconds}`);
    // The next video's first genre, on its own clock (1.0 s in bench:browser here); generous for CI.
    const playedNext = await page.evaluate(() => document.querySelector('video')!.currentTime);
    assert.ok(playedNext <= 6, `next video's first guess after ${playedNext.toFixed(2)} s of it`);
    const settled = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 11, 25000);
    assert.equal(settled.genre, 'Electronic');
    const video = await page.evaluate(() => ({ muted: document.querySelector('video')!.muted, paused: document.querySelector('video')!.paused }));
    assert.deepEqual(video, { muted: false, paused: false });
  });

  it('a page without a video stays quiet, with no errors in the console', async () => {
    const home = await h.open('https://www.youtube.com/');
    // The content script has run and looked for a player.
    await pollUntil(() => h.contentDebug(home), (stats) => stats !== undefined, 'the content script running', 10000);
    assert.equal(await h.badge(home), undefined);
    assert.equal(await h.toolbarBadge(await h.tabIdOf(home)), '');
    const popup = await h.openPopup(await h.tabIdOf(home));
    await popup.waitForSelector('[data-status="no-video"]');
    await popup.close();
    await home.close();
    assert.deepEqual(h.pageErrors, []);
  });
});
