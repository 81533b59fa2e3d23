/**
 * The same extension in real Firefox ESR (dist/firefox, engine in the background
 * event page): first guess, toolbar and popup, pause/resume, SPA navigation, and
 * the background page being unloaded while the video is paused, a video a page script
 * already routed through Web Audio.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { demoId } from '../../tools/lib/demoServer.ts';
import { FirefoxHarness } from './firefoxHarness.ts';

const GENRES = ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'];
/** Short enough to unload the background during a test, long enough that playback keeps it alive. */
const IDLE_TIMEOUT_MS = 2000;

type FixtureWindow = { fixture: { navigate(id: string, o?: object): void } };
type ClaimedWindow = { claimedBy: AudioContext; claimedLevel(): number };

describe('Genre Lens in Firefox ESR', () => {
  const h = new FirefoxHarness();
  let page: Page;
  let tabId: number;

  before(() => h.start({ 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS }));
  after(() => h.stop());

  it('a genre on the demo page within 5 s, the video audible, the same genre on the toolbar and in the popup', async () => {
    const started = Date.now();
    page = await h.open('https://www.youtube.com/watch?v=classical');
    const first = await h.waitForBadge(page, (b) => b.state === 'ready');
    const elapsed = Date.now() - started;
    const playedSeconds = await page.evaluate(() => document.querySelector('video')!.currentTime);
    console.log(`  Firefox: first guess ${first.genre} after ${elapsed} ms (${playedSeconds.toFixed(1)} s of the video played)`);
    assert.ok(GENRES.includes(first.genre!));
    assert.ok(playedSeconds <= 5, `first guess after ${playedSeconds} s of audio`);
    assert.equal(first.audioContext, 'running');
    const video = await page.evaluate(() => {
      const v = document.querySelector('video')!;
      return { muted: v.muted, volume: v.volume, paused: v.paused };
    });
    assert.deepEqual(video, { muted: false, volume: 1, paused: false });

    const settled = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 11, 25000);
    assert.equal(settled.genre, 'Classical');
    tabId = await h.tabIdOf(page);
    const stored = await h.storedReport(tabId);
    assert.equal(stored?.state, 'ready');
    const cpu = stored?.cpuMsPerAudioSecond as number;
    assert.ok(cpu > 0 && cpu < 200, `engine CPU ${cpu}`);
    console.log(`  Firefox engine CPU time: ${cpu.toFixed(2)} ms per second of audio`);
    const badge = await h.waitForBadge(page, (b) => b.state === 'ready');
    assert.equal(await h.toolbarBadge(tabId), { Rock: 'ROCK', 'Hip-Hop': 'HIP', Folk: 'FOLK', Electronic: 'ELEC', Classical: 'CLAS' }[badge.genre!]);
    const popup = await h.openPopup(tabId);
    await popup.waitForSelector('#genre');
    assert.equal((await popup.$eval('#genre', (e) => e.textContent))?.trim(), badge.genre);
    assert.equal((await popup.$$('.bars li')).length, 5);
    await popup.screenshot({ path: 'docs/screenshots/popup-firefox.png' });
    await popup.close();
  });

  it('pausing shows paused on the badge and in storage and clears the toolbar; playing again resumes', async () => {
    await page.evaluate(() => document.querySelector('video')!.pause());
    await h.waitForBadge(page, (b) => b.state === 'paused', 5000);
    let toolbar = '?';
    const toolbarCleared = async () => {
      toolbar = await h.toolbarBadge(tabId);
      return toolbar === '';
    };
    await waitFor(toolbarCleared, () => `toolbar cleared (it shows "${toolbar}")`);
    await waitFor(async () => (await h.storedReport(tabId))?.state === 'paused', 'stored state paused');
    await page.evaluate(() => document.querySelector('video')!.play());
    await h.waitForBadge(page, (b) => b.state === 'ready', 10000);
  });

  it('SPA navigation to the next video (a new <video> element) gets a fresh guess', async () => {
    await page.evaluate(() => (window as unknown as FixtureWindow).fixture.navigate('rock', { replaceElement: true }));
    await h.waitForBadge(page, (b) => b.state === 'listening' || (b.seconds ?? 99) < 4, 5000);
    const fresh = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 11, 25000);
    assert.equal(fresh.genre, 'Rock');
    const stored = await h.storedReport(tabId);
    assert.equal(stored?.videoId, demoId('rock'));
  });

  it('the background page unloaded while the video is paused: a genre again after resuming', async () => {
    const before = await h.engine();
    assert.ok(before, 'engine reachable');
    await page.evaluate(() => document.querySelector('video')!.pause());
    await h.waitForBadge(page, (b) => b.state === 'paused', 5000);
    // Nothing may talk to the background now, or it would stay alive: wait out its idle timeout.
    await new Promise((r) => setTimeout(r, IDLE_TIMEOUT_MS * 5));
    await page.evaluate(() => document.querySelector('video')!.play());
    const again = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 4, 20000);
    assert.ok(GENRES.includes(again.genre!));
    const afterResume = await h.engine();
    assert.ok(afterResume && afterResume.startedAt > before.startedAt, 'a new background instance hosts the engine');
    assert.equal(afterResume.pipelines, 1);
  });

  it('a page script that took the video with Web Audio first: a genre from the captured stream, the page still plays it', async () => {
    // Firefox ≥ 149 has the unprefixed captureStream(), which leaves the element's audio where it was.
    const claimed = await h.open('https://www.youtube.com/watch?v=classical&claim=1');
    const ready = await h.waitForBadge(claimed, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(ready.genre, 'Classical');
    const audible = await claimed.evaluate(() => {
      const v = document.querySelector('video')!;
      return { muted: v.muted, volume: v.volume, claimedContext: (window as unknown as ClaimedWindow).claimedBy.state };
    });
    assert.deepEqual(audible, { muted: false, volume: 1, claimedContext: 'running' });
    await claimed.waitForFunction(() => (window as unknown as ClaimedWindow).claimedLevel() > 0.01, { timeout: 5000 });
    await claimed.close();
  });

  it('a page without a video gets no badge', async () => {
    const home = await h.open('https://www.youtube.com/');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await h.badge(home), undefined);
    await home.close();
  });

  it('no errors in the pages', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});

async function waitFor(check: () => Promise<boolean>, what: string | (() => string), timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for: ${typeof what === 'function' ? what() : what}`);
}
