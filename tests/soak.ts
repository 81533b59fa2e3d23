/**
 * npm run soak [-- --minutes 30]
 * A long simulated session in headless Chromium on the fixture watch page:
 * SPA navigation every 20 s (sometimes with a new <video> element), an ad now
 * and then, pauses. Prints the offscreen engine's and the page's JS heap
 * every minute and before/after, and fails if the badge gets stuck.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST } from '../tools/lib/browser/chromium.ts';
import { Harness } from './e2e/harness.ts';
import { parseArgs, runCli } from '../tools/lib/cli.ts';

type FixtureWindow = { fixture: { navigate(id: string, o?: object): void; setAd(on: boolean): void } };
const CLIPS = ['rock', 'electronic', 'classical', 'hiphop', 'folk'];

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ['minutes']);
  const minutes = Number(flags.get('minutes') ?? 30);
  // A private copy of the build, so rebuilding during a long soak does not pull it away.
  const dist = await mkdtemp(path.join(tmpdir(), 'genre-lens-soak-'));
  await cp(DIST, dist, { recursive: true });
  const h = new Harness();
  await h.start(dist);
  try {
    const page = await h.open('https://www.youtube.com/watch?v=rock');
    await h.waitForBadge(page, (b) => b.state === 'ready');
    const heaps = async () => {
      const engine = (await h.worker.evaluate(() => chrome.runtime.sendMessage({ type: 'debug/engine' }))) as { heapBytes: number };
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const pageHeap = await cdp.send('Runtime.getHeapUsage');
      await cdp.detach();
      return { engineMB: engine.heapBytes / 1e6, pageMB: pageHeap.usedSize / 1e6 };
    };
    const before = await heaps();
    console.log(`start: engine heap ${before.engineMB.toFixed(1)} MB, page heap ${before.pageMB.toFixed(1)} MB`);
    const end = Date.now() + minutes * 60_000;
    let step = 0;
    let nextReport = Date.now() + 60_000;
    while (Date.now() < end) {
      step++;
      const id = CLIPS[step % CLIPS.length]!;
      await page.evaluate(([clip, replace]) => (window as unknown as FixtureWindow).fixture.navigate(clip as string, { replaceElement: replace }), [
        id,
        step % 4 === 0,
      ] as const);
      if (step % 6 === 0) {
        await page.evaluate(() => (window as unknown as FixtureWindow).fixture.setAd(true));
        await page.waitForTimeout(3000);
        await page.evaluate(() => (window as unknown as FixtureWindow).fixture.setAd(false));
      }
      await h.waitForBadge(page, (b) => b.state === 'ready', 15000);
      if (step % 5 === 0) {
        await page.evaluate(() => document.querySelector('video')!.pause());
        await h.waitForBadge(page, (b) => b.state === 'paused', 5000);
        await page.evaluate(() => document.querySelector('video')!.play());
      }
      await page.waitForTimeout(Math.max(0, Math.min(20_000, end - Date.now())));
      if (Date.now() >= nextReport) {
        nextReport += 60_000;
        const now = await heaps();
        console.log(`${step} navigations: engine heap ${now.engineMB.toFixed(1)} MB, page heap ${now.pageMB.toFixed(1)} MB`);
      }
    }
    const after = await heaps();
    console.log(
      `end after ${minutes} min and ${step} navigations: engine heap ${before.engineMB.toFixed(1)} → ${after.engineMB.toFixed(1)} MB, ` +
        `page heap ${before.pageMB.toFixed(1)} → ${after.pageMB.toFixed(1)} MB; content script: ${JSON.stringify(await h.contentDebug(page))}`,
    );
    return 0;
  } finally {
    await h.stop();
    await rm(dist, { recursive: true, force: true });
  }
}

runCli('soak', main);
