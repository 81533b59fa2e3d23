/**
 * The same extension in real Firefox ESR (dist/firefox, engine in the background
 * event page): first guess, toolbar and popup, pause/resume, SPA navigation, and
 * the background page being unloaded while the video is paused, a video a page script
 * already routed through Web Audio, and YouTube Music, embeds and the mobile site.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { demoId } from '../../tools/lib/browser/demoServer.ts';
import { FIREFOX_PRODUCTION_DIST } from '../../tools/lib/browser/firefox.ts';
import { FirefoxHarness } from './firefoxHarness.ts';
import { pollUntil, screenshotPath } from './common.ts';

const GENRES = ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'];
/** Short enough to unload the background during a test, long enough that playback keeps it alive. */
const IDLE_TIMEOUT_MS = 2000;

type FixtureWindow = { fixture: { navigate(id: string, o?: object): void } };
type ClaimedWindow = { claimedBy: AudioContext; claimedLevel(): number };
type Music = { ytmusic: { next(): void } };
type Embed = { embed: { play(): Promise<void>; pause(): void } };

describe('Genre Lens in Firefox ESR', () => {
  const h = new FirefoxHarness();
  let page: Page;
  let tabId: number;

  before(async () => {
    await h.start({ 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS });
    // Embeds and the mobile site are off at install.
    await h.switchOn('embed', 'mobile');
  });
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
    await popup.screenshot({ path: screenshotPath('popup-firefox.png') });
    await popup.close();
  });

  it('pausing shows paused on the badge and in storage and clears the toolbar; playing again resumes', async () => {
    await page.evaluate(() => document.querySelector('video')!.pause());
    await h.waitForBadge(page, (b) => b.state === 'paused', 5000);
    await pollUntil(() => h.toolbarBadge(tabId), (toolbar) => toolbar === '', 'toolbar cleared');
    await pollUntil(async () => (await h.storedReport(tabId))?.state, (state) => state === 'paused', 'stored state paused');
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

  it('YouTube Music: a genre on the player bar within 5 s of audio; the next track restarts', async () => {
    const music = await h.open('https://music.youtube.com/watch?v=classical');
    await h.waitForBadge(music, (b) => b.state === 'ready');
    const played = await music.evaluate(() => document.querySelector('video')!.currentTime);
    assert.ok(played <= 5, `first guess after ${played.toFixed(1)} s of audio`);
    assert.equal(await music.evaluate(() => document.querySelector('#genre-lens-badge')?.parentElement?.tagName.toLowerCase()), 'ytmusic-player-bar');
    await music.evaluate(() => (window as unknown as Music).ytmusic.next());
    const next = await h.waitForBadge(music, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(next.genre, 'Electronic');
    assert.equal((await h.storedReport(await h.tabIdOf(music)))?.videoId, demoId('electronic'));
    assert.equal(await h.popupSays(await h.tabIdOf(music)), 'Electronic', 'the popup on YouTube Music');
    await music.close();
  });

  it('embedded players on another site: the badge inside the playing embed, the toolbar follows it', async () => {
    const blog = await h.open('https://blog.example/');
    await blog.waitForFunction(() => document.querySelectorAll('iframe').length === 2);
    const frameOn = async (host: string) =>
      (await pollUntil(async () => blog.frames().find((f) => f.url().startsWith(`https://${host}/embed/`)), Boolean, `an embed frame on ${host}`))!;
    const first = await frameOn('www.youtube.com');
    const second = await frameOn('www.youtube-nocookie.com');
    const a = await h.waitForBadge(first, (b) => b.state === 'ready' && b.seconds! >= 6, 25000);
    assert.equal(a.genre, 'Classical');
    assert.equal(await h.badge(blog), undefined, 'nothing on the embedding site itself');
    // Without access to blog.example the extension sees no URL for its tab: find the tab by the embed's report.
    const embedTab = () =>
      h.inExtension(async (api) => {
        for (const [key, report] of Object.entries(await api.storage.session.get(null))) {
          if (key.startsWith('tab:') && (report as { frameId?: number }).frameId) return Number(key.slice(4));
        }
        return -1;
      }, undefined);
    const blogTab = await pollUntil(embedTab, (id) => id >= 0, 'a report from an embed frame');
    await pollUntil(() => h.toolbarBadge(blogTab), (text) => text === 'CLAS', 'toolbar CLAS');
    await first.evaluate(() => (window as unknown as Embed).embed.pause());
    await second.evaluate(() => (window as unknown as Embed).embed.play());
    const b = await h.waitForBadge(second, (x) => x.state === 'ready' && x.seconds! >= 6, 25000);
    assert.equal(b.genre, 'Rock');
    await pollUntil(() => h.toolbarBadge(blogTab), (text) => text === 'ROCK', 'toolbar ROCK');
    assert.equal(await h.popupSays(blogTab), 'Rock', 'the popup for an embed on another site');
    await blog.close();
  });

  it('m.youtube.com: the mobile player works the same', async () => {
    const mobile = await h.open('https://m.youtube.com/watch?v=rock');
    const ready = await h.waitForBadge(mobile, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(ready.genre, 'Rock');
    assert.equal(await mobile.evaluate(() => document.querySelector('#genre-lens-badge')?.closest('#player-container-id') !== null), true);
    assert.equal(await h.popupSays(await h.tabIdOf(mobile)), 'Rock', 'the popup on m.youtube.com');
    await mobile.close();
  });

  it('a page without a video gets no badge', async () => {
    const home = await h.open('https://www.youtube.com/');
    // The extension's scripts are running there: the page-world script answers an "ask" (with no players).
    const answered = () =>
      home.evaluate(
        () =>
          new Promise<string>((resolve) => {
            addEventListener('message', (e) => (e.data as { type?: string })?.type === 'video-ids' && resolve(JSON.stringify((e.data as { ids: unknown }).ids)));
            postMessage({ tag: 'genre-lens', type: 'ask' }, location.origin);
            setTimeout(() => resolve(''), 500);
          }),
      );
    assert.equal(await pollUntil(answered, (ids) => ids !== '', 'the page-world script answering', 10000, 100), '{}');
    assert.equal(await h.badge(home), undefined);
    await home.close();
  });

  it('no errors in the pages', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});

describe('the production build in Firefox: YouTube Music at install; the mobile site asks for its host when switched on and gives it back when off', () => {
  const h = new FirefoxHarness();
  // Firefox grants optional permissions without a prompt under this pref (still only from a user's click).
  before(() => h.start({ 'extensions.webextOptionalPermissionPrompts': false }, FIREFOX_PRODUCTION_DIST));
  after(() => h.stop());

  const state = () =>
    h.inExtension(
      async (api) => ({
        granted: await api.permissions.contains({ origins: ['https://m.youtube.com/*'] }),
        scripts: (await api.scripting.getRegisteredContentScripts()).map((s) => s.id).sort(),
      }),
      undefined,
    );
  const until = (accept: (s: { granted: boolean; scripts: string[] }) => boolean) => pollUntil(state, accept, 'permission and registrations', 10000, 200);
  const MUSIC = ['surface-music-0', 'surface-music-1'];
  const MUSIC_AND_MOBILE = [...MUSIC, 'surface-mobile-0', 'surface-mobile-1'].sort();
  const badges = (page: Page) => page.evaluate(() => document.querySelectorAll('#genre-lens-badge').length);

  it('YouTube Music works with no step in the options', async () => {
    assert.deepEqual(await until((s) => s.scripts.length === 2), { granted: false, scripts: MUSIC }, 'a fresh install: YouTube Music on, the mobile site off');
    const music = await h.open('https://music.youtube.com/watch?v=classical');
    // A fresh profile's first page: a generous bound (the first Firefox start under load is slow).
    assert.equal((await h.waitForBadge(music, (b) => b.state === 'ready' && b.genre === 'Classical', 40000)).genre, 'Classical');
    await music.close();
  });

  it('the mobile site: no script without its host; the click grants it (an open tab starts at once); off stops that tab and gives the host back; on again runs one copy; access taken back in the browser stops it', async () => {
    const open = await h.open('https://m.youtube.com/watch?v=rock');
    await open.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 2.5, { timeout: 20000 });
    assert.equal(await h.badge(open), undefined, 'no script on a host it was not given');

    const options = await h.openExtensionPage('options.html');
    await options.waitForSelector('#surface-mobile');
    assert.equal(await options.$eval('#surface-mobile', (e) => (e as HTMLInputElement).checked), false);
    await options.click('#surface-mobile');
    assert.deepEqual(await until((s) => s.granted && s.scripts.length === 4), { granted: true, scripts: MUSIC_AND_MOBILE });
    await options.waitForFunction(() => (document.querySelector('#surface-mobile') as HTMLInputElement).checked);
    // The tab that was open before the grant starts without a reload.
    assert.equal((await h.waitForBadge(open, (b) => b.state === 'ready' && b.genre === 'Rock', 25000)).genre, 'Rock');
    const tabId = await h.tabIdOf(open);

    // Off: the open tab stops at once, the host goes back.
    await options.click('#surface-mobile');
    assert.deepEqual(await until((s) => !s.granted && s.scripts.length === 2), { granted: false, scripts: MUSIC });
    await pollUntil(async () => ({ badge: await h.badge(open), toolbar: await h.toolbarBadge(tabId) }), (s) => s.badge === undefined && s.toolbar === '', 'the open tab stopped', 3000);

    // On again: the scripts are run in the open tab a second time; one copy listens.
    await options.click('#surface-mobile');
    await until((s) => s.granted && s.scripts.length === 4);
    assert.equal((await h.waitForBadge(open, (b) => b.state === 'ready' && b.genre === 'Rock', 25000)).genre, 'Rock');
    assert.equal(await badges(open), 1, 'one copy in the frame');

    // Access taken back as the browser's own settings do (the option stays on): the open tab stops.
    await h.inExtension((api) => api.permissions.remove({ origins: ['https://m.youtube.com/*'] }), undefined);
    await pollUntil(async () => ({ badge: await h.badge(open), toolbar: await h.toolbarBadge(tabId) }), (s) => s.badge === undefined && s.toolbar === '', 'the open tab stopped', 3000);
    assert.equal(await badges(open), 0);

    // Given back (the options ask again, in a click): the open tab resumes without a reload.
    await options.waitForFunction(() => !(document.querySelector('#surface-mobile') as HTMLInputElement).checked);
    await options.click('#surface-mobile');
    await until((s) => s.granted && s.scripts.length === 4);
    assert.equal((await h.waitForBadge(open, (b) => b.state === 'ready' && b.genre === 'Rock', 25000)).genre, 'Rock');
    assert.equal(await badges(open), 1, 'one copy in the frame');
    await open.close();
    await options.close();
  });
});
