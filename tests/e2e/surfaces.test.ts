/**
 * Wherever YouTube plays music: YouTube Music (one <video> for the whole queue,
 * the video often hidden in song mode), players embedded in other sites (Genre
 * Lens runs only inside the YouTube frames), and the mobile site.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { demoId } from '../../tools/lib/browser/demoServer.ts';
import { surfaceScriptsRegistered } from '../../tools/lib/browser/chromium.ts';
import { Harness } from './harness.ts';
import { playFor, pollUntil, screenshotPath } from './common.ts';

type Music = { ytmusic: { next(): void; video: HTMLVideoElement } };
type Embed = { embed: { play(): Promise<void>; pause(): void } };

describe('YouTube Music, embedded players, the mobile site', () => {
  const h = new Harness();
  before(async () => {
    await h.start();
    // Embeds and the mobile site are off at install (the debug build holds their hosts).
    await h.switchOn('embed', 'mobile');
  });
  after(() => h.stop());

  const activeTabId = () => h.worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id ?? -1);

  it('YouTube Music: a genre within 5 s of audio on the player bar; the next track restarts; pause', async () => {
    const page = await h.open('https://music.youtube.com/watch?v=classical');
    await h.waitForBadge(page, (b) => b.state === 'ready');
    const played = await page.evaluate(() => document.querySelector('video')!.currentTime);
    assert.ok(played <= 5, `first guess after ${played.toFixed(1)} s of audio`);
    const placement = await page.evaluate(() => {
      const badge = document.querySelector<HTMLElement>('#genre-lens-badge')!;
      const chip = badge.shadowRoot!.querySelector<HTMLElement>('.chip')!;
      const box = chip.getBoundingClientRect();
      const bar = badge.parentElement!.getBoundingClientRect();
      return { parent: badge.parentElement?.tagName.toLowerCase(), surface: chip.dataset.surface, visible: box.width > 0 && box.height > 0 && box.bottom <= bar.top };
    });
    assert.deepEqual(placement, { parent: 'ytmusic-player-bar', surface: 'music', visible: true }, 'readable although song mode hides the video');
    const settled = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(settled.genre, 'Classical');
    const tabId = await h.tabIdOf(page);
    assert.equal((await h.storedReport(tabId))?.videoId, demoId('classical'));
    assert.equal(await h.popupSays(tabId), 'Classical', 'the popup on YouTube Music');
    await page.screenshot({ path: screenshotPath('music.png') });

    await page.evaluate(() => (window as unknown as Music).ytmusic.next());
    await h.waitForBadge(page, (b) => b.state === 'listening', 5000);
    const next = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(next.genre, 'Electronic');
    assert.equal((await h.storedReport(tabId))?.videoId, demoId('electronic'));
    const timeline = await h.storedTimeline(tabId);
    assert.equal(timeline?.videoId, demoId('electronic'), 'the timeline is per track');

    await page.evaluate(() => (window as unknown as Music).ytmusic.video.pause());
    await h.waitForBadge(page, (b) => b.state === 'paused', 5000);
    await page.close();
  });

  it('embedded players: the badge inside the playing embed; with two on a page, the one playing wins', async () => {
    const page = await h.open('https://blog.example/');
    const frame = (host: string) => {
      const found = page.frames().find((f) => f.url().startsWith(`https://${host}/embed/`));
      assert.ok(found, `frame on ${host}`);
      return found as Frame;
    };
    await pollUntil(
      async () => page.frames().filter((f) => f.url().includes('/embed/')).length,
      (count) => count === 2,
      'both embedded players loaded',
      10000,
    );
    const first = frame('www.youtube.com');
    const second = frame('www.youtube-nocookie.com');
    const a = await h.waitForBadge(first, (b) => b.state === 'ready' && b.seconds! >= 6, 25000);
    assert.equal(a.genre, 'Classical');
    assert.equal(await h.badge(page), undefined, 'nothing on the embedding site itself');
    const tabId = await activeTabId();
    assert.equal(await h.toolbarBadge(tabId), 'CLAS');

    await first.evaluate(() => (window as unknown as Embed).embed.pause());
    await second.evaluate(() => (window as unknown as Embed).embed.play());
    const b = await h.waitForBadge(second, (x) => x.state === 'ready' && x.seconds! >= 6, 25000);
    assert.equal(b.genre, 'Rock');
    assert.equal(await h.toolbarBadge(tabId), 'ROCK');
    assert.equal((await h.storedReport(tabId))?.videoId, demoId('rock'));
    assert.equal(await h.popupSays(tabId), 'Rock', 'the popup for an embed on another site');
    // Pausing the first frame again does not take the tab from the playing second one.
    await first.evaluate(() => (window as unknown as Embed).embed.play());
    await first.evaluate(() => (window as unknown as Embed).embed.pause());
    await playFor(second, 1.5);
    assert.equal((await h.storedReport(tabId))?.state, 'ready');
    await page.close();
  });

  it('m.youtube.com: the mobile player works the same', async () => {
    const page = await h.open('https://m.youtube.com/watch?v=rock');
    const ready = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(ready.genre, 'Rock');
    assert.equal(await page.evaluate(() => document.querySelector('#genre-lens-badge')?.closest('#player-container-id') !== null), true);
    assert.equal(await h.popupSays(await h.tabIdOf(page)), 'Rock', 'the popup on m.youtube.com');
    await page.close();
  });

  it('switching embeds off in the options: no script at all in embedded players (neither world), no badge, no audio; on again, they work', async () => {
    const registered = () => h.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id).sort());
    assert.deepEqual(await registered(), ['surface-embed-0', 'surface-embed-1', 'surface-mobile-0', 'surface-mobile-1', 'surface-music-0', 'surface-music-1']);
    const options = await h.open(`chrome-extension://${h.extensionId}/options.html`);
    await options.uncheck('#surface-embed');
    await surfaceScriptsRegistered(h.worker);
    assert.deepEqual(await registered(), ['surface-mobile-0', 'surface-mobile-1', 'surface-music-0', 'surface-music-1']);
    const page = await h.open('https://blog.example/');
    const embeds = await pollUntil(async () => page.frames().filter((x) => x.url().includes('/embed/')), (found) => found.length >= 2, 'the embedded players loaded', 10000);
    // The autoplaying one has played 3 s: time enough for a script to have shown a badge or sent audio.
    await playFor(embeds.find((x) => x.url().startsWith('https://www.youtube.com/'))!, 3);
    for (const frame of embeds) {
      assert.equal(await h.badge(frame), undefined);
      // The page-world script answers an "ask" with the players' ids: silence means it is not there.
      const answered = await frame.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            addEventListener('message', (e) => (e.data as { type?: string })?.type === 'video-ids' && resolve(true));
            postMessage({ tag: 'genre-lens', type: 'ask' }, location.origin);
            setTimeout(() => resolve(false), 1000);
          }),
      );
      assert.equal(answered, false, `no page-world script in ${frame.url()}`);
    }
    assert.equal(await h.popupSays(await activeTabId()), 'status:no-youtube', 'no frame reported: no YouTube video');
    const popup = await h.openPopup(await activeTabId());
    await popup.waitForSelector('[data-status="surfaces-off"]');
    await popup.close();
    await page.close();

    await options.check('#surface-embed');
    await surfaceScriptsRegistered(h.worker);
    assert.equal((await registered()).length, 6);
    const again = await h.open('https://blog.example/');
    await again.waitForFunction(() => document.querySelectorAll('iframe').length === 2);
    const frame = again.frames().find((x) => x.url().startsWith('https://www.youtube-nocookie.com/embed/'))!;
    await frame.waitForFunction(() => 'embed' in window && document.querySelector('video') !== null);
    await frame.evaluate(() => (window as unknown as Embed).embed.play());
    // Judged on a settled window, as the other surfaces are: a first guess from one patch may differ.
    assert.equal((await h.waitForBadge(frame, (b) => b.state === 'ready' && b.seconds! >= 6, 25000)).genre, 'Rock');
    await options.close();
    await again.close();
  });

  it('no errors in the pages', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
