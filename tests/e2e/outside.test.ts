/** Music none of the five: a bundled Creative Commons pop clip shows "not one of the 5" on the badge, the toolbar and the popup, and keeps saying it when paused. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pollUntil, screenshotPath } from './common.ts';
import { Harness } from './harness.ts';

describe('outside the five', () => {
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it('a pop song says "not one of the five" within 10 s of audio, names it, and the popup says which five it knows', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=pop');
    await h.waitForBadge(page, (b) => b.state === 'ready', 25000);
    // From the song's body, not its first edge (where capture starts varies from run to run): a seek
    // restarts the window, and its seconds count from there.
    await page.evaluate(() => {
      document.querySelector('video')!.currentTime = 8;
    });
    await h.waitForBadge(page, (b) => b.seconds! < 3, 10000);
    const outside = await h.waitForBadge(page, (b) => b.state === 'ready' && b.notice === 'outside', 20000);
    assert.ok(outside.seconds! <= 10, `"not one of the five" after ${outside.seconds} s of audio`);
    assert.match(outside.text ?? '', /not one of the 5/i);
    const tabId = await h.tabIdOf(page);
    // The toolbar follows the stored report, written at most every 500 ms: it may still show the answer before the seek.
    await pollUntil(() => h.toolbarBadge(tabId), (text) => ['POP', '≠5'].includes(text), 'the toolbar says outside the five', 5000);
    const popup = await h.openPopup(tabId);
    const said = await popup.waitForSelector('#genre[data-outside="true"]');
    const line = await (await popup.waitForSelector('[data-status="outside"]')).textContent();
    assert.match(line ?? '', /Rock, Hip-Hop, Folk, Electronic, Classical/);
    assert.equal(await popup.$$eval('.bars li', (els) => els.length), 5, 'the five bars as ever');
    assert.ok(((await said.textContent()) ?? '').trim().length > 0);
    await popup.screenshot({ path: screenshotPath('outside.png') });
    await popup.close();

    // Paused, the badge keeps saying what it said, in the outside colour: "Paused · Pop · not one of the 5" (it used to fall back to the five's top genre).
    await h.waitForBadge(page, (b) => b.state === 'ready' && b.notice === 'outside', 20000);
    await page.evaluate(() => document.querySelector('video')!.pause());
    const stored = (await pollUntil(() => h.storedReport(tabId), (r) => r?.state === 'paused', 'the paused report stored', 5000)) as { outside?: { genre?: string } };
    assert.ok(stored.outside, 'paused while outside the five');
    const named = stored.outside.genre;
    const paused = await h.waitForBadge(page, (b) => b.state === 'paused', 5000);
    assert.equal(paused.text, named ? `Paused · ${named} · not one of the 5` : 'Paused · Not one of the 5');
    assert.equal(paused.genre, named ?? 'Outside');
    await page.close();
  });

  it('after the whole 30 s clip, the answer is of the right kind: rock ends Rock, pop ends "not one of the five"', async () => {
    for (const [video, kind] of [
      ['rock', 'Rock'],
      ['pop', 'outside'],
    ] as const) {
      const page = await h.open(`https://www.youtube.com/watch?v=${video}`);
      // The song's evidence near the clip's end (the demo video loops at 30 s, which starts over).
      const late = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 25, 60000);
      if (kind === 'outside') assert.equal(late.notice, 'outside', `${video}: ${JSON.stringify(late)}`);
      else {
        assert.equal(late.genre, kind, `${video}: ${JSON.stringify(late)}`);
        assert.equal(late.notice, undefined, `${video}: neither unsure nor outside (${JSON.stringify(late)})`);
      }
      await page.close();
    }
  });

  it('the five stay themselves: rock is Rock, not "outside"', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=rock');
    const ready = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 8, 20000);
    assert.equal(ready.genre, 'Rock');
    assert.notEqual(ready.notice, 'outside');
    await page.close();
  });
});
