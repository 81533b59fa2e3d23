/**
 * npm run bench:browser [-- --json] [--seconds N] [--rounds N] [--dist DIR] [--url URL]
 * (--url: another demo page, e.g. https://www.youtube.com/watch?v=rock&claim=1 where a page
 * script owns the video's Web Audio and Genre Lens falls back to captureStream.)
 * What Genre Lens costs in the browser, in one run: headless Chromium plays
 * the demo watch page (with its YouTube-like DOM churn: time display and
 * progress bar 4×/s, live chat 5 lines/s) without and with the extension,
 * alternating, and reads the page main thread's script and task time from the
 * DevTools Performance metrics over N seconds of playback after the first 5 s.
 * With the extension it also reports the engine's own CPU time per second of
 * audio over the same span (decoding the chunks, features, ONNX), its JS heap, the time from navigation to the first guess
 * with the cold path step by step (player found, engine document up, runtime compiled, sessions created, first chunk, first
 * answer) and, after the span, from an SPA navigation to the next video to its first guess, and
 * the shipped capture worklet's audio-thread cost (its bundle run in Node).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { loadBuiltWorklet } from './lib/browser/workletHost.ts';
import { launchWithExtension, launchWithoutExtension, PRODUCTION_DIST } from './lib/browser/chromium.ts';
import { FIREFOX_PRODUCTION_DIST } from './lib/browser/firefox.ts';
import { parseArgs, runCli, UsageError } from './lib/cli.ts';
import { decodeFile } from './lib/audio/decode.ts';
import { startFixtureServer } from './lib/browser/demoServer.ts';
import { saveFigures } from './lib/figures.ts';

const DEFAULT_URL = 'https://www.youtube.com/watch?v=rock';
const WARMUP_SECONDS = 5;

interface Round {
  scriptMsPerSecond: number;
  taskMsPerSecond: number;
  engineMsPerAudioSecond?: number;
  networkMsPerPatch?: number;
  engineHeapMB?: number;
  firstGuessMs?: number;
  /** The next video in the same tab (SPA navigation, a new <video>): ms from its start to its first guess, and the seconds of it played by then. */
  nextVideoGuessMs?: number;
  nextVideoPlayedSeconds?: number;
  /** The cold path, each step in ms after navigation began (COLD_STEPS). */
  coldPath?: Partial<Record<ColdStep, number>>;
}

/** The cold path's steps, in order: the page finds the player (the badge is mounted), then the engine's own (src/engine/engineHost.ts coldPath), then the first answer. */
const COLD_STEPS = ['playerFound', 'engineDocumentUp', 'modelLoadStarted', 'runtimeCompiled', 'sessionsCreated', 'firstPort', 'firstChunk', 'firstReport', 'firstAnswer'] as const;
type ColdStep = (typeof COLD_STEPS)[number];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function videoTime(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector('video')?.currentTime ?? 0);
}

async function waitForVideoTime(page: Page, seconds: number): Promise<number> {
  for (;;) {
    const t = await videoTime(page);
    if (t >= seconds) return t;
    await sleep(Math.max(100, (seconds - t) * 900));
  }
}

async function measure(context: BrowserContext, worker: Worker | undefined, seconds: number, url: string): Promise<Round> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const started = Date.now();
  await page.goto(url);
  let firstGuessMs: number | undefined;
  let coldPath: Round['coldPath'];
  if (worker) {
    await page.waitForFunction(() => document.querySelector('#genre-lens-badge') !== null, undefined, { timeout: 30000, polling: 10 });
    const playerFound = Date.now() - started;
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#genre-lens-badge')?.dataset.state === 'ready', undefined, { timeout: 30000, polling: 50 });
    firstGuessMs = Date.now() - started;
    // The engine's steps, on the same clock (one machine).
    const engine = (await worker.evaluate(() => chrome.runtime.sendMessage({ type: 'debug/engine' }))) as { coldPath?: Record<string, number | undefined> };
    const at = (name: string) => (engine.coldPath?.[`${name}At`] === undefined ? undefined : engine.coldPath[`${name}At`]! - started);
    coldPath = {
      playerFound,
      engineDocumentUp: at('documentUp'),
      modelLoadStarted: at('modelLoadStarted'),
      runtimeCompiled: at('runtimeCompiled'),
      sessionsCreated: at('sessionsCreated'),
      firstPort: at('firstPort'),
      firstChunk: at('firstChunk'),
      firstReport: at('firstReport'),
      firstAnswer: firstGuessMs,
    };
  }
  const metrics = async () => {
    const { metrics: list } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => list.find((m) => m.name === name)?.value ?? 0;
    return { script: get('ScriptDuration'), task: get('TaskDuration') };
  };
  const engineTotals = async () =>
    worker?.evaluate(async () => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url?.startsWith('https://www.youtube.com/'));
      const key = `tab:${tab?.id}`;
      const report = (await chrome.storage.session.get(key))[key] as { cpuMs?: number; audioSeconds?: number; networkMs?: number; patches?: number } | undefined;
      const debug = (await chrome.runtime.sendMessage({ type: 'debug/engine' })) as { heapBytes: number };
      return { cpuMs: report?.cpuMs ?? 0, audioSeconds: report?.audioSeconds ?? 0, networkMs: report?.networkMs ?? 0, patches: report?.patches ?? 0, heap: debug.heapBytes };
    });
  const t0 = await waitForVideoTime(page, WARMUP_SECONDS);
  const e0 = await engineTotals();
  const m0 = await metrics();
  // No polling of the page meanwhile: it would add script time of its own.
  await sleep(seconds * 1000);
  const m1 = await metrics();
  const t1 = await videoTime(page);
  const e1 = await engineTotals();
  const played = t1 - t0;
  if (played < seconds * 0.8) throw new Error(`the video played only ${played.toFixed(1)} s of ${seconds} s`);
  const round: Round = {
    scriptMsPerSecond: ((m1.script - m0.script) * 1000) / played,
    taskMsPerSecond: ((m1.task - m0.task) * 1000) / played,
    firstGuessMs,
    coldPath,
  };
  if (e0 && e1 && e1.audioSeconds > e0.audioSeconds) {
    // The span only: the first windows' JIT warm-up and the first ONNX run are not steady state.
    round.engineMsPerAudioSecond = (e1.cpuMs - e0.cpuMs) / (e1.audioSeconds - e0.audioSeconds);
    if (e1.patches > e0.patches) round.networkMsPerPatch = (e1.networkMs - e0.networkMs) / (e1.patches - e0.patches);
    round.engineHeapMB = e1.heap / 2 ** 20;
  }
  await cdp.detach();
  if (worker) Object.assign(round, await nextVideoGuess(page));
  return round;
}

/** The next video in the same tab, as YouTube's SPA navigation plays it: from its navigation to a fresh guess on the badge. */
async function nextVideoGuess(page: Page): Promise<Pick<Round, 'nextVideoGuessMs' | 'nextVideoPlayedSeconds'>> {
  const started = Date.now();
  await page.evaluate(() => (window as unknown as { fixture: { navigate(id: string, o: object): void } }).fixture.navigate('electronic', { replaceElement: true }));
  // The old video's answer is withdrawn first, then the new one's arrives.
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#genre-lens-badge')?.dataset.state !== 'ready', undefined, { timeout: 10000, polling: 20 });
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#genre-lens-badge')?.dataset.state === 'ready', undefined, { timeout: 30000, polling: 20 });
  const nextVideoGuessMs = Date.now() - started;
  return { nextVideoGuessMs, nextVideoPlayedSeconds: await videoTime(page) };
}

/**
 * The shipped capture worklet's audio-thread work per second of audio (down-mix, resample, pack
 * into its chunks), timed in Node: the bundle of dist/<browser> run on 20 s of stereo audio in
 * 128-frame render quanta, as the browser calls it. Median of 5 runs.
 */
async function workletCost(dist: string): Promise<number> {
  const audio = await decodeFile('assets/demo/rock.opus');
  const seconds = 20;
  const mono = audio.samples.subarray(0, audio.sampleRate * seconds);
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const scope = await loadBuiltWorklet(path.join(dist, 'capture-worklet.js'), audio.sampleRate);
    const processor = new (scope.processor())();
    const started = performance.now();
    for (let at = 0; at + 128 <= mono.length; at += 128) {
      const quantum = mono.subarray(at, at + 128);
      processor.process([[quantum, quantum]]);
    }
    runs.push((performance.now() - started) / seconds);
    if (scope.posted.length < seconds - 1) throw new Error(`the worklet posted ${scope.posted.length} chunks for ${seconds} s of audio`);
  }
  return runs.sort((a, b) => a - b)[2]!;
}

const mean = (values: (number | undefined)[]) => {
  const v = values.filter((x): x is number => x !== undefined);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
};
const fmt = (value: number | undefined, digits = 2) => (value === undefined ? 'n/a' : value.toFixed(digits));

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ['seconds', 'rounds', 'dist', 'url']);
  const url = typeof flags.get('url') === 'string' ? (flags.get('url') as string) : DEFAULT_URL;
  if (!url.startsWith('https://www.youtube.com/')) throw new UsageError('--url must be a page of the demo server (https://www.youtube.com/…)');
  const dist = typeof flags.get('dist') === 'string' ? path.resolve(flags.get('dist') as string) : undefined;
  if (dist && !existsSync(path.join(dist, 'manifest.json'))) throw new UsageError(`--dist ${dist} holds no built extension`);
  const seconds = Number(flags.get('seconds') ?? 20);
  const rounds = Number(flags.get('rounds') ?? 2);
  if (!(seconds >= 5 && seconds <= 300) || !(rounds >= 1 && rounds <= 10)) throw new UsageError('--seconds must be 5..300 and --rounds 1..10');
  const server = await startFixtureServer();
  const without: Round[] = [];
  const withExtension: Round[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const plain = await launchWithoutExtension(server.chromiumArgs);
      try {
        without.push(await measure(plain, undefined, seconds, url));
      } finally {
        await plain.close();
      }
      const { context, worker } = await launchWithExtension(server.chromiumArgs, { dist });
      try {
        withExtension.push(await measure(context, worker, seconds, url));
      } finally {
        await context.close();
      }
    }
  } finally {
    await server.close();
  }
  const worklets = { chrome: await workletCost(dist ?? PRODUCTION_DIST), firefox: dist ? undefined : await workletCost(FIREFOX_PRODUCTION_DIST) };
  const summary = {
    seconds,
    rounds,
    without: { scriptMsPerSecond: mean(without.map((r) => r.scriptMsPerSecond))!, taskMsPerSecond: mean(without.map((r) => r.taskMsPerSecond))! },
    with: {
      scriptMsPerSecond: mean(withExtension.map((r) => r.scriptMsPerSecond))!,
      taskMsPerSecond: mean(withExtension.map((r) => r.taskMsPerSecond))!,
    },
    overhead: { scriptMsPerSecond: 0, taskMsPerSecond: 0 },
    engineMsPerAudioSecond: mean(withExtension.map((r) => r.engineMsPerAudioSecond)),
    networkMsPerPatch: mean(withExtension.map((r) => r.networkMsPerPatch)),
    engineHeapMB: mean(withExtension.map((r) => r.engineHeapMB)),
    firstGuessMs: mean(withExtension.map((r) => r.firstGuessMs)),
    nextVideoGuessMs: mean(withExtension.map((r) => r.nextVideoGuessMs)),
    nextVideoPlayedSeconds: mean(withExtension.map((r) => r.nextVideoPlayedSeconds)),
    /** Mean ms after navigation of each cold-path step. */
    coldPath: Object.fromEntries(COLD_STEPS.map((step) => [step, mean(withExtension.map((r) => r.coldPath?.[step]))])),
    workletMsPerAudioSecond: worklets.chrome,
    workletFirefoxMsPerAudioSecond: worklets.firefox,
    roundsDetail: { without, with: withExtension },
  };
  summary.overhead.scriptMsPerSecond = summary.with.scriptMsPerSecond - summary.without.scriptMsPerSecond;
  summary.overhead.taskMsPerSecond = summary.with.taskMsPerSecond - summary.without.taskMsPerSecond;
  // Only the shipped build on the default page is what README quotes.
  const saved = dist || url !== DEFAULT_URL ? undefined : await saveFigures('bench-browser', summary);
  if (flags.has('json')) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  if (saved) console.log(`figures written to ${path.relative(process.cwd(), saved)} (npm run figures puts them in README)`);
  if (dist) console.log(`extension: ${dist}`);
  if (url !== DEFAULT_URL) console.log(`page: ${url}`);
  console.log(`headless Chromium, demo page with DOM churn, ${seconds} s of playback after the first ${WARMUP_SECONDS} s, ${rounds} rounds each (alternating)`);
  console.log('page main thread, ms per second of playback    script   task');
  console.log(`  without Genre Lens                           ${fmt(summary.without.scriptMsPerSecond).padStart(6)} ${fmt(summary.without.taskMsPerSecond).padStart(6)}`);
  console.log(`  with Genre Lens                              ${fmt(summary.with.scriptMsPerSecond).padStart(6)} ${fmt(summary.with.taskMsPerSecond).padStart(6)}`);
  console.log(`  overhead                                     ${fmt(summary.overhead.scriptMsPerSecond).padStart(6)} ${fmt(summary.overhead.taskMsPerSecond).padStart(6)}`);
  console.log(
    `engine (offscreen document): ${fmt(summary.engineMsPerAudioSecond)} ms per second of audio (YAMNet ${fmt(summary.networkMsPerPatch)} ms per patch), JS heap ${fmt(summary.engineHeapMB, 1)} MB`,
  );
  console.log(
    `capture worklet (audio thread; the shipped bundle, down-mix + resample + pack, timed in Node): ${fmt(worklets.chrome)} ms per second of audio` +
      (worklets.firefox === undefined ? '' : ` (Firefox's bundle: ${fmt(worklets.firefox)})`),
  );
  console.log(`time to first guess: ${fmt(summary.firstGuessMs, 0)} ms after navigation; the cold path, ms after navigation:`);
  for (const step of COLD_STEPS) console.log(`  ${step.padEnd(18)} ${fmt(summary.coldPath[step], 0).padStart(6)}`);
  console.log(`the next video in the same tab: first guess ${fmt(summary.nextVideoGuessMs, 0)} ms after it started (${fmt(summary.nextVideoPlayedSeconds, 1)} s of it played)`);
  return 0;
}

runCli('bench:browser', main);
