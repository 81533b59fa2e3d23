/**
 * A hostile page, or a forged message: the page's own world dispatches fake
 * media events and pushes a giant video id; a content-script world forges an
 * engine report for another tab. Writes and storage stay bounded, nothing
 * forged is stored, and the genre is still right afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoId } from '../../tools/lib/browser/demoServer.ts';
import { Harness } from './harness.ts';

describe('hostile pages and forged messages', () => {
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it('forged pause/playing/seeking events and a 1 MB video id from the page: bounded writes and storage, the right genre after', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=rock');
    await h.waitForBadge(page, (b) => b.state === 'ready');
    const tabId = await h.tabIdOf(page);
    await h.worker.evaluate(() => {
      const w = globalThis as unknown as { writes: number };
      w.writes = 0;
      chrome.storage.session.onChanged.addListener(() => {
        w.writes++;
      });
    });
    await page.evaluate(() => {
      const v = document.querySelector('video')!;
      for (let i = 0; i < 300; i++) for (const type of ['pause', 'playing', 'seeking']) v.dispatchEvent(new Event(type));
      history.pushState({}, '', `/watch?v=${'A'.repeat(1e6)}`);
      document.dispatchEvent(new CustomEvent('yt-navigate-finish'));
      window.postMessage({ tag: 'genre-lens', type: 'video-ids', ids: { movie_player: 'B'.repeat(1e6) } }, location.origin);
    });
    await page.waitForTimeout(3000);
    const writes = await h.worker.evaluate(() => (globalThis as unknown as { writes: number }).writes);
    assert.ok(writes <= 12, `${writes} storage writes in 3 s`);
    const bytes = await h.worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)).length);
    assert.ok(bytes < 20000, `session storage holds ${bytes} bytes`);
    const stored = await h.storedReport(tabId);
    assert.equal(stored?.videoId, demoId('rock'), 'the player\'s id, not the forged ones');
    const after = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 8, 20000);
    assert.equal(after.genre, 'Rock');
    await page.close();
  });

  it("a content-script world forging another tab's report, or a huge one: dropped, nothing stored", async () => {
    const victim = await h.open('https://www.youtube.com/watch?v=classical');
    await h.waitForBadge(victim, (b) => b.state === 'ready');
    const victimId = await h.tabIdOf(victim);
    const attacker = await h.open('https://www.youtube.com/watch?v=folk&autoplay=0');
    await attacker.waitForFunction(() => document.querySelector('#genre-lens-badge'));
    const forged = (tabId: number, message: string) =>
      `chrome.runtime.sendMessage({ type: 'engine/report', report: { tabId: ${tabId}, state: 'error', genres: [], probabilities: [], confidence: 0, secondsHeard: 0, message: ${JSON.stringify(message)}, updatedAt: Date.now() } }).then(() => 'sent', (e) => String(e))`;
    await h.inContentWorld(attacker, forged(victimId, 'pwned'));
    await h.inContentWorld(attacker, forged(987654, 'x'.repeat(3e6)));
    await victim.waitForTimeout(1500);
    const stored = await h.storedReport(victimId);
    assert.notEqual(stored?.state, 'error');
    assert.notEqual(await h.toolbarBadge(victimId), '!');
    assert.equal(await h.storedReport(987654), undefined);
    await attacker.close();
    await victim.close();
  });
});
