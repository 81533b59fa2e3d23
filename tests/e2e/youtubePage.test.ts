/**
 * The real YouTube page is harder than a clean watch page: Shorts, hover
 * previews and stale hidden players, the miniplayer's queue, a page that
 * claims the video's audio first, stitched ads, and YouTube's strict CSP
 * (every demo page is served with one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoId } from '../../tools/lib/browser/demoServer.ts';
import { playFor, pollUntil, settled } from './common.ts';
import { Harness, type StoredTimeline } from './harness.ts';

type Fixture = {
  fixture: { navigate(id: string): void; miniplayer(): void; advanceQueue(name: string): void; stitchedAd(on: boolean): void; inStreamAd(on: boolean): void };
};
type Shorts = { shorts: { swipe(name: string): void } };
type ClaimedWindow = { claimedBy: AudioContext; claimedLevel(): number };

describe('the YouTube page as it really is', () => {
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  const debug = async (page: Page) => (await h.contentDebug(page)) as { chunksSent: number; tapKind: string; videoId: string; streaming: boolean };

  it("Shorts: #shorts-player in the active renderer (no #movie_player); a swipe restarts with the next Short's id", async () => {
    const page = await h.open(`https://www.youtube.com/shorts/${demoId('classical')}`);
    const first = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(first.genre, 'Classical');
    assert.equal(await page.evaluate(() => document.querySelector('#genre-lens-badge')?.parentElement?.id), 'shorts-player');
    const tabId = await h.tabIdOf(page);
    assert.equal((await h.storedReport(tabId))?.videoId, demoId('classical'));
    await page.evaluate(() => (window as unknown as Shorts).shorts.swipe('electronic'));
    await h.waitForBadge(page, (b) => b.state === 'listening', 5000);
    const next = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(next.genre, 'Electronic');
    assert.equal((await h.storedReport(tabId))?.videoId, demoId('electronic'));
    await page.close();
  });

  it('a page with only a playing hover preview and a stale hidden watch player: no badge, nothing sent', async () => {
    const page = await h.open('https://www.youtube.com/');
    await page.waitForFunction(() => {
      const preview = document.querySelector<HTMLVideoElement>('#inline-preview-player video');
      return preview && !preview.paused && preview.currentTime > 1;
    });
    assert.equal(await h.badge(page), undefined);
    const stats = await debug(page);
    assert.equal(stats.chunksSent, 0);
    assert.equal(stats.streaming, false);
    await page.close();
  });

  it("miniplayer: the player moves and the URL changes, then its queue advances on the same element; each track gets its own id and guess", async () => {
    const page = await h.open('https://www.youtube.com/watch?v=rock');
    const beforeMove = await h.waitForBadge(page, settled, 20000);
    assert.equal(beforeMove.genre, 'Rock');
    await page.evaluate(() => (window as unknown as Fixture).fixture.miniplayer());
    await page.waitForFunction(() => !!document.querySelector('ytd-miniplayer #genre-lens-badge'));
    // Moving to the miniplayer does not restart or lose the video: the window keeps growing, the genre stays.
    let fewestSeconds = Number.POSITIVE_INFINITY;
    const inMini = await h.waitForBadge(
      page,
      (b) => {
        fewestSeconds = Math.min(fewestSeconds, b.seconds ?? 0);
        return b.state === 'ready' && b.seconds! >= beforeMove.seconds! + 2;
      },
      10000,
    );
    assert.ok(fewestSeconds >= beforeMove.seconds!, `the window restarted (${fewestSeconds} s heard after the move, ${beforeMove.seconds} s before)`);
    assert.equal(inMini.genre, 'Rock');
    assert.equal((await debug(page)).videoId, demoId('rock'), 'the id is the player\'s, not the URL\'s (/feed/home)');
    await page.evaluate(() => (window as unknown as Fixture).fixture.advanceQueue('classical'));
    await h.waitForBadge(page, (b) => b.state === 'listening', 5000);
    const next = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(next.genre, 'Classical');
    assert.equal((await debug(page)).videoId, demoId('classical'));
    await page.close();
  });

  it('a page script that took the video with Web Audio first: the captured stream is analysed, the video stays audible', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=classical&claim=1');
    const ready = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(ready.genre, 'Classical');
    assert.equal((await debug(page)).tapKind, 'stream');
    const audible = await page.evaluate(() => {
      const v = document.querySelector('video')!;
      const claimed = (window as unknown as { claimedBy: AudioContext }).claimedBy;
      return { muted: v.muted, volume: v.volume, claimedContext: claimed.state };
    });
    // The page's own graph still plays the element: its context runs, the element is not muted,
    // and the graph's output carries the music.
    assert.deepEqual(audible, { muted: false, volume: 1, claimedContext: 'running' });
    await page.waitForFunction(() => (window as unknown as ClaimedWindow).claimedLevel() > 0.01, undefined, { timeout: 5000 });
    await page.close();
  });

  it('a stitched ad on the same element: nothing is sent during it, the guess restarts after', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=electronic');
    await h.waitForBadge(page, (b) => b.state === 'ready');
    await page.evaluate(() => (window as unknown as Fixture).fixture.stitchedAd(true));
    await h.waitForBadge(page, (b) => b.hidden === true, 3000);
    await playFor(page, 1.2);
    const during = (await debug(page)).chunksSent;
    await playFor(page, 2);
    assert.equal((await debug(page)).chunksSent, during, 'no chunks during the ad');
    await page.evaluate(() => (window as unknown as Fixture).fixture.stitchedAd(false));
    const back = await h.waitForBadge(page, (b) => b.state === 'ready' && !b.hidden && b.seconds! >= 6, 20000);
    assert.equal(back.genre, 'Electronic');
    await page.close();
  });

  it("an ad inside the video's own stream: timeline times and seeks stay the video's own", async () => {
    const page = await h.open('https://www.youtube.com/watch?v=electronic');
    await h.waitForBadge(page, (b) => b.state === 'ready');
    const tabId = await h.tabIdOf(page);
    const currentTime = () => page.evaluate(() => document.querySelector('video')!.currentTime);
    const adStart = await currentTime();
    await page.evaluate(() => (window as unknown as Fixture).fixture.inStreamAd(true));
    await h.waitForBadge(page, (b) => b.hidden === true, 3000);
    await page.waitForFunction((start) => document.querySelector('video')!.currentTime >= start + 3, adStart);
    await page.evaluate(() => (window as unknown as Fixture).fixture.inStreamAd(false));
    const adSeconds = (await currentTime()) - adStart;
    // A guess after the ad: the timeline reaches past the point where the ad began.
    const pastAd = (t: StoredTimeline | undefined) => (t?.sections.at(-1)?.end ?? 0) > adStart + 1;
    const after = await pollUntil(() => h.storedTimeline(tabId), pastAd, 'a guess after the ad', 20000, 250);
    const now = await currentTime();
    for (const s of after!.sections) {
      assert.ok(s.end <= now - adSeconds + 0.6, `section ${JSON.stringify(s)} is past the video's own time ${(now - adSeconds).toFixed(1)} s`);
    }
    const duration = await page.evaluate(() => document.querySelector('video')!.duration);
    assert.ok(Math.abs(after!.duration - (duration - adSeconds)) < 0.3, `duration ${after!.duration} vs ${duration} - ${adSeconds}`);
    // The popup's click-to-seek sends the video's own time; the element seeks past the ad.
    const target = adStart + 1;
    await h.worker.evaluate(([id, time]) => chrome.tabs.sendMessage(id, { type: 'video/seek', time }), [tabId, target] as const);
    const landed = await currentTime();
    assert.ok(Math.abs(landed - (target + adSeconds)) < 0.5, `seeked to ${landed}, expected ${target + adSeconds}`);
    await page.close();
  });

  it('YouTube-style CSP on every page did not get in the way: no errors', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
