/** Bad input in the browser: silent or very quiet audio, a corrupt, missing or mismatched model. */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIST } from '../../tools/lib/chromium.ts';
import { Harness } from './harness.ts';

describe('silence, very quiet audio and speech', () => {
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  for (const clip of ['silence', 'quiet']) {
    it(`${clip}: stays listening with no genre and finite numbers`, async () => {
      const page = await h.open(`https://www.youtube.com/watch?v=${clip}`);
      await h.waitForBadge(page, (b) => b.state === 'listening' && b.seconds! >= 5, 15000);
      const badge = (await h.badge(page))!;
      assert.equal(badge.genre, undefined);
      assert.equal(badge.confidence, 0);
      const report = await h.storedReport(await h.tabIdOf(page));
      assert.equal(report?.state, 'listening');
      assert.equal(report?.notice, 'quiet');
      assert.ok(JSON.stringify(report).match(/NaN|Infinity|null/) === null, JSON.stringify(report));
      const popup = await h.openPopup(await h.tabIdOf(page));
      await popup.waitForSelector('text=too quiet');
      await popup.close();
      await page.close();
    });
  }

  it('speech only: "Not music?" rather than a genre', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=speech');
    const badge = await h.waitForBadge(page, (b) => b.notice === 'not-music' && b.seconds! >= 5, 15000);
    assert.equal(badge.state, 'listening');
    assert.equal(badge.genre, undefined);
    assert.equal(badge.text, 'Not music?');
    const report = await h.storedReport(await h.tabIdOf(page));
    assert.equal(report?.notice, 'not-music');
    const popup = await h.openPopup(await h.tabIdOf(page));
    await popup.waitForSelector('text=Not music?');
    await popup.close();
    await page.close();
  });
});

/** Copies the built extension and breaks its model in one way. */
async function brokenBuild(breakIt: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genre-lens-broken-'));
  await cp(DIST, dir, { recursive: true });
  await breakIt(dir);
  return dir;
}

const BROKEN: [string, (dir: string) => Promise<void>, RegExp][] = [
  ['a corrupt model file', (dir) => writeFile(path.join(dir, 'model/genre.onnx'), 'not an onnx model'), /genre.onnx is damaged/],
  ['a missing model file', (dir) => rm(path.join(dir, 'model/genre.onnx')), /missing/],
  [
    'a model trained on other features',
    async (dir) => {
      const file = path.join(dir, 'model/model.json');
      const info = JSON.parse(await readFile(file, 'utf8'));
      info.spec.version = 99;
      await writeFile(file, JSON.stringify(info));
    },
    /feature code disagree/,
  ],
];

for (const [what, breakIt, message] of BROKEN) {
  describe(`an extension with ${what}`, () => {
    const h = new Harness();
    let dist: string;
    before(async () => {
      dist = await brokenBuild(breakIt);
      await h.start(dist);
    });
    after(async () => {
      await h.stop();
      await rm(dist, { recursive: true, force: true });
    });

    it('shows the error state with a readable message, once, with no retry storm', async () => {
      const page = await h.open('https://www.youtube.com/watch?v=rock');
      await h.waitForBadge(page, (b) => b.state === 'error', 10000);
      const tabId = await h.tabIdOf(page);
      assert.match(String((await h.storedReport(tabId))?.message), message);
      assert.equal(await h.toolbarBadge(tabId), '!');
      const popup = await h.openPopup(tabId);
      const text = await popup.textContent('[data-status="error"]');
      assert.match(text ?? '', message);
      await popup.close();
      await page.waitForTimeout(3000);
      const stats = await h.contentDebug(page);
      assert.equal(stats?.portsOpened, 1, 'no reconnect loop');
      const video = await page.evaluate(() => ({ paused: document.querySelector('video')!.paused, muted: document.querySelector('video')!.muted }));
      assert.deepEqual(video, { paused: false, muted: false }, 'the video keeps playing');
      assert.deepEqual(h.pageErrors, [], 'nothing thrown into the page');
      await page.close();
    });
  });
}
