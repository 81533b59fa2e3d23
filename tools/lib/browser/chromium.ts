/** Launches Debian's Chromium with the built extension, as the e2e tests and `npm start` need it. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';

/** The debug build (with test hooks) that the browser tests and benchmarks load. */
export const DIST = path.resolve(import.meta.dirname, '../../../dist/debug/chrome');
/** The production build, as users get it. */
export const PRODUCTION_DIST = path.resolve(import.meta.dirname, '../../../dist/chrome');

export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROME_PATH');
  return found;
}

/** Chromium as the extension tests run it, but without the extension (for side-by-side benchmarks). */
export async function launchWithoutExtension(extraArgs: string[]): Promise<BrowserContext> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'genre-lens-profile-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless=new', ...COMMON_ARGS, '--autoplay-policy=no-user-gesture-required', ...extraArgs],
    ignoreDefaultArgs: ['--mute-audio'],
    viewport: { width: 1100, height: 800 },
  });
}

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * What makes a visible window look like the product rather than a test rig (`npm start`): no
 * "unsupported command-line flag" bar (--test-type; --no-sandbox is needed as root and the demo
 * server's certificate needs --ignore-certificate-errors), no "controlled by automated test
 * software" bar, no "Restore pages?" bubble after a run stopped with Ctrl+C, and the page as
 * large as the window (a fixed 1100×800 viewport pushed YouTube Music's player bar off-screen).
 */
const PRODUCT_ARGS = ['--test-type', '--hide-crash-restore-bubble', '--start-maximized'];

/** A profile whose last run was stopped (Ctrl+C) would offer to restore its pages: mark it as closed cleanly. */
function markExitedCleanly(userDataDir: string): void {
  const file = path.join(userDataDir, 'Default', 'Preferences');
  if (!existsSync(file)) return;
  try {
    const prefs = JSON.parse(readFileSync(file, 'utf8')) as { profile?: Record<string, unknown> };
    prefs.profile = { ...prefs.profile, exit_type: 'Normal', exited_cleanly: true };
    writeFileSync(file, JSON.stringify(prefs));
  } catch {
    // an unreadable profile: Chromium starts it afresh
  }
}

export async function launchWithExtension(
  extraArgs: string[],
  options: { headless?: boolean; userDataDir?: string; dist?: string; /** a window for a person (npm start) */ product?: boolean } = {},
) {
  const dist = options.dist ?? DIST;
  const headless = options.headless ?? true;
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'genre-lens-profile-'));
  const product = options.product === true && !headless;
  if (product) markExitedCleanly(userDataDir);
  const args = [
    ...(headless ? ['--headless=new'] : []),
    ...COMMON_ARGS,
    ...(product ? PRODUCT_ARGS : []),
    ...(extraArgs.some((a) => a.startsWith('--autoplay-policy')) ? [] : ['--autoplay-policy=no-user-gesture-required']),
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    ...extraArgs,
  ];
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless,
    args,
    ignoreDefaultArgs: ['--disable-extensions', '--mute-audio', ...(product ? ['--enable-automation'] : [])],
    viewport: product ? null : { width: 1100, height: 800 },
  });
  let worker: Worker | undefined = context.serviceWorkers()[0];
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15000 });
  const extensionId = new URL(worker.url()).host;
  await surfaceScriptsRegistered(worker);
  return { context, worker, extensionId, userDataDir };
}

/**
 * The background registers the surfaces' scripts when it starts: pages opened before would miss
 * them. Debug builds tell when it is done; with a production build, wait (up to 5 s) for the first
 * registration — YouTube Music's, on at install.
 */
export async function surfaceScriptsRegistered(worker: Worker): Promise<void> {
  await worker.evaluate(async () => {
    const hook = (globalThis as { genreLensSurfaceSync?: () => Promise<void> }).genreLensSurfaceSync;
    if (hook) return hook();
    const deadline = Date.now() + 5000;
    while ((await chrome.scripting.getRegisteredContentScripts()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  });
}
