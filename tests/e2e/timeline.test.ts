/** The popup's genre timeline on a two-genre "video" (classical, then electronic). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Harness } from './harness.ts';

describe('genre timeline', () => {
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it('shows one section per genre heard, and clicking a section seeks the video there', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=mix');
    const first = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(first.genre, 'Classical');
    await page.evaluate(() => {
      document.querySelector('video')!.currentTime = 24;
    });
    const second = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6 && b.genre === 'Electronic', 20000);
    assert.equal(second.genre, 'Electronic');
    const tabId = await h.tabIdOf(page);
    const popup = await h.openPopup(tabId);
    await popup.waitForSelector('.timeline .section[data-genre="Electronic"]');
    const sections = await popup.$$eval('.timeline .section', (els) => els.map((e) => ({ genre: e.getAttribute('data-genre'), label: e.getAttribute('aria-label') })));
    assert.deepEqual(
      sections.map((s) => s.genre),
      ['Classical', 'Electronic'],
    );
    assert.match(sections[0]!.label!, /^Classical from 0:0\d to 0:\d\d/);
    assert.match(sections[1]!.label!, /^Electronic from 0:(1[89]|2\d)/);
    await popup.screenshot({ path: 'docs/screenshots/timeline.png' });
    await popup.click('.timeline .section[data-genre="Classical"]');
    await popup.waitForTimeout(500);
    const time = await page.evaluate(() => document.querySelector('video')!.currentTime);
    assert.ok(time < 12, `seeked back into the classical part (at ${time} s)`);
    await popup.close();
    await page.close();
  });
});
