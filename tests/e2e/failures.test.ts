/** Bad input in the browser: silent or very quiet audio, a corrupt, missing or mismatched model. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIST } from '../../tools/lib/browser/chromium.ts';
import { playFor, pollUntil } from './common.ts';
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
    'a damaged model description',
    async (dir) => {
      const file = path.join(dir, 'model/model.json');
      await writeFile(file, (await readFile(file, 'utf8')).replace('"genre-lens-model"', '"genre-lens-modem"'));
    },
    /model.json is damaged/,
  ],
  [
    // A build made with a model whose spec differs from the code: its digest is the build's own.
    'a model trained on other features',
    async (dir) => {
      const file = path.join(dir, 'model/model.json');
      const before = await readFile(file);
      const info = JSON.parse(before.toString('utf8'));
      info.spec.version = 99;
      const after = Buffer.from(JSON.stringify(info));
      await writeFile(file, after);
      await replaceInBundles(dir, sha256(before), sha256(after));
    },
    /feature code disagree/,
  ],
];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Replaces a digest embedded by build.mjs in every script of the copied build. */
async function replaceInBundles(dir: string, from: string, to: string): Promise<void> {
  let replaced = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.js')) continue;
    const text = await readFile(path.join(dir, name), 'utf8');
    if (!text.includes(from)) continue;
    await writeFile(path.join(dir, name), text.replaceAll(from, to));
    replaced++;
  }
  assert.ok(replaced > 0, 'the build embeds the model digest');
}

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
      // Storage follows the badge within one write interval (at most one write per tab per 500 ms).
      const stored = await pollUntil(() => h.storedReport(tabId), (r) => r?.state === 'error', 'the error report stored');
      assert.match(String(stored?.message), message);
      await pollUntil(() => h.toolbarBadge(tabId), (text) => text === '!', 'the toolbar shows the error');
      const popup = await h.openPopup(tabId);
      const text = await popup.textContent('[data-status="error"]');
      assert.match(text ?? '', message);
      await popup.close();
      await playFor(page, 3);
      const stats = await h.contentDebug(page);
      assert.equal(stats?.portsOpened, 1, 'no reconnect loop');
      const video = await page.evaluate(() => ({ paused: document.querySelector('video')!.paused, muted: document.querySelector('video')!.muted }));
      assert.deepEqual(video, { paused: false, muted: false }, 'the video keeps playing');
      assert.deepEqual(h.pageErrors, [], 'nothing thrown into the page');
      await page.close();
    });
  });
}
