/**
 * npm start [-- <url>]
 * Launches Chromium with the built extension. Without a URL it opens the
 * bundled demo watch page, served locally over HTTPS as
 * https://www.youtube.com/watch?v=rock so the extension's real host match
 * applies (nothing goes to the network). With a URL it opens that page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchWithExtension } from './lib/chromium.ts';
import { type FixtureServer, startFixtureServer } from './lib/demoServer.ts';
import { runCli } from './lib/cli.ts';

async function main(): Promise<number> {
  const url = process.argv.slice(2).find((a) => !a.startsWith('--'));
  let server: FixtureServer | undefined;
  const args: string[] = [];
  if (!url) {
    server = await startFixtureServer();
    args.push(...server.chromiumArgs);
  }
  const userDataDir = path.resolve('.cache/chromium-profile');
  mkdirSync(userDataDir, { recursive: true });
  const headless = process.argv.includes('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
  if (headless) console.log('no display found: running headless (pass a DISPLAY to see the window)');
  const { context } = await launchWithExtension(args, { headless, userDataDir });
  const page = context.pages()[0] ?? (await context.newPage());
  const target = url ?? 'https://www.youtube.com/watch?v=rock';
  await page.goto(target);
  console.log(`Genre Lens is running in Chromium on ${target}`);
  if (!url) console.log('demo page: pick another clip with the links under the player. Close the browser (or Ctrl+C) to stop.');
  await new Promise<void>((resolve) => {
    context.on('close', () => resolve());
    process.on('SIGINT', () => resolve());
  });
  await context.close().catch(() => undefined);
  await server?.close();
  return 0;
}

runCli('start', main);
