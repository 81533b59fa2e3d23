/**
 * npm start [-- <url> | music | mobile | embeds] [-- --firefox] [-- --headless]
 * Launches Chromium (or Firefox ESR with --firefox) with the built extension.
 * Without a URL it opens the bundled demo watch page, served locally over
 * HTTPS as https://www.youtube.com/watch?v=rock so the extension's real host
 * match applies (nothing goes to the network). With a URL it opens that page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchWithExtension, PRODUCTION_DIST } from './lib/browser/chromium.ts';
import { runCli } from './lib/cli.ts';
import { type FixtureServer, startFixtureServer } from './lib/browser/demoServer.ts';
import { FIREFOX_PRODUCTION_DIST, launchFirefoxWithExtension } from './lib/browser/firefox.ts';
import { optionalOriginsOf, type SwitchableSurface } from '../src/shared/youtube.ts';

const DEMO_URL = 'https://www.youtube.com/watch?v=rock';
/** Named demos: YouTube Music, the mobile site, a site with two embedded players — each a surface switched on in the options. */
const DEMOS: Record<string, { url: string; surface: SwitchableSurface }> = {
  music: { url: 'https://music.youtube.com/watch?v=classical', surface: 'music' },
  mobile: { url: 'https://m.youtube.com/watch?v=rock', surface: 'mobile' },
  embeds: { url: 'https://blog.example/', surface: 'embed' },
};

/** Until the user grants a surface's host (a prompt only a person can answer), the demo of it shows nothing: say so, and open the options. */
function needsGrant(surface: SwitchableSurface): string {
  return `${surface} is off until you switch it on: tick it on the options page (open in a second tab) and allow the access, then reload the demo tab.`;
}

async function main(): Promise<number> {
  const argument = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const demo = argument ? DEMOS[argument] : undefined;
  const origins = demo ? optionalOriginsOf(demo.surface) : [];
  const url = demo ? undefined : argument;
  const firefox = process.argv.includes('--firefox');
  const headless = process.argv.includes('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
  if (headless) console.log('no display found: running headless (pass a DISPLAY to see the window)');
  let server: FixtureServer | undefined;
  if (!url || firefox) server = await startFixtureServer();
  const target = url ?? demo?.url ?? DEMO_URL;
  let closed: Promise<void>;
  let close: () => Promise<void>;
  if (firefox) {
    // Firefox reaches www.youtube.com only through the demo server's proxy: real URLs stay blocked.
    if (url && !url.startsWith('https://www.youtube.com/')) throw new Error('with --firefox only https://www.youtube.com/ URLs of the demo server can be opened');
    const session = await launchFirefoxWithExtension(server!.port, { headless, dist: FIREFOX_PRODUCTION_DIST });
    const page = await session.browser.newPage();
    await page.goto(target);
    if (demo && origins.length > 0) {
      console.log(needsGrant(demo.surface));
      await (await session.browser.newPage()).goto(`${session.extensionOrigin}/options.html`);
    }
    closed = new Promise((resolve) => session.browser.once('disconnected', () => resolve()));
    close = session.close;
  } else {
    const userDataDir = path.resolve('.cache/chromium-profile');
    mkdirSync(userDataDir, { recursive: true });
    const { context, worker, extensionId } = await launchWithExtension(server?.chromiumArgs ?? [], { headless, userDataDir, dist: PRODUCTION_DIST, product: true });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(target);
    // The profile in .cache keeps what was granted in an earlier run.
    if (demo && origins.length > 0 && !(await worker.evaluate((o) => chrome.permissions.contains({ origins: o }), origins))) {
      console.log(needsGrant(demo.surface));
      await (await context.newPage()).goto(`chrome-extension://${extensionId}/options.html`);
    }
    closed = new Promise((resolve) => context.on('close', () => resolve()));
    close = () => context.close().catch(() => undefined);
  }
  console.log(`Genre Lens is running in ${firefox ? 'Firefox' : 'Chromium'} on ${target}`);
  if (!url) console.log('demo page: pick another clip with the links under the player. Close the browser (or Ctrl+C) to stop.');
  await Promise.race([closed, new Promise<void>((resolve) => process.on('SIGINT', () => resolve()))]);
  await close();
  await server?.close();
  return 0;
}

runCli('start', main);
