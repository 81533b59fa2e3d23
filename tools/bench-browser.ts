/**
 * npm run bench:browser [-- --json] [--seconds N] [--rounds N] [--dist DIR] [--url URL]
 * (--url: another demo page, e.g. https://www.youtube.com/watch?v=rock&claim=1 where a page
 * script owns the video's Web Audio and Genre Lens falls back to captureStream.)
 * What Genre Lens costs in the browser, in one run: headless Chromium plays
 * the demo watch page (with its YouTube-like DOM churn: time display and
 * progress bar 4×/s, live chat 5 lines/s) without and with the extension,
 * alternating, and reads the page main thread's script and task time from the
 * DevTools Performance metrics over N seconds of playback once the stream has settled (WARMUP_SECONDS).
 * With the extension it also reports the engine's own CPU time per second of
 * audio over the same span (decoding the chunks, features, ONNX), its JS heap, the time from navigation to the first guess
 * with the cold path step by step (player found, engine document up, runtime compiled, sessions created, first chunk, first
 * answer) and, after the span, from an SPA navigation to the next video to its first guess, and
 * the shipped capture worklet's audio-thread cost (its bundle timed in Chromium).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import puppeteer, { type Target as PuppeteerTarget } from 'puppeteer-core';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { SETTLE_PATCHES } from '../src/core/patchReuse.ts';
import { ENGINE_IDLE_CLOSE_MS } from '../src/shared/protocol.ts';
import { FEATURE_SPEC } from '../src/core/spec.ts';
import { launchWithExtension, launchWithoutExtension, PRODUCTION_DIST } from './lib/browser/chromium.ts';
import { FIREFOX_PRODUCTION_DIST } from './lib/browser/firefox.ts';
import { parseArgs, runCli, UsageError } from './lib/cli.ts';
import { decodeFile } from './lib/audio/decode.ts';
import { startFixtureServer } from './lib/browser/demoServer.ts';
import { saveFigures } from './lib/figures.ts';

/** A 90 s song (the demo server's `longrock`): the steady span must end before the video loops. */
const DEFAULT_URL = 'https://www.youtube.com/watch?v=longrock';
const CLIP_SECONDS = 90;
/**
 * The span starts once the stream has settled (src/core/patchReuse.ts: the network on one patch in
 * NETWORK_EVERY from SETTLE_PATCHES on), plus the JIT's first windows: a listener's long video costs
 * what the span measures. The demo videos loop (a loop is a new stream): the span must end before.
 */
const WARMUP_SECONDS = Math.ceil((SETTLE_PATCHES * FEATURE_SPEC.patchHop) / FEATURE_SPEC.sampleRate) + 2;

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
  /** The extension's renderer process (Linux RSS, MB) with the engine open, and after it closed itself (first round only). */
  extensionMBEngineOpen?: number;
  extensionMBEngineClosed?: number;
  /** The cold path, each step in ms after navigation began (COLD_STEPS). */
  coldPath?: Partial<Record<ColdStep, number>>;
}

/** The cold path's steps, in order: the page finds the player (the badge is mounted), then the engine's own (src/engine/engineHost.ts coldPath), then the first answer. */
const COLD_STEPS = ['playerFound', 'engineDocumentUp', 'modelLoadStarted', 'runtimeCompiled', 'sessionsCreated', 'warmedUp', 'firstPort', 'firstChunk', 'firstReport', 'firstAnswer'] as const;
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

async function measure(context: BrowserContext, worker: Worker | undefined, seconds: number, url: string, withMemory = false): Promise<Round> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const started = Date.now();
  await page.goto(url);
  const coldPath = worker ? await coldPathFrom(page, worker, started) : undefined;
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
    firstGuessMs: coldPath?.firstAnswer,
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
  if (worker && withMemory) Object.assign(round, await memoryOpenAndClosed(page, worker));
  return round;
}

/** Resident memory of the extension's renderer process(es) (Linux: /proc), in MB: the engine's document lives there. */
async function extensionProcessMB(): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  let kb = 0;
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const args = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!args.includes('--type=renderer') || !args.includes('--extension-process')) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    kb += Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
  }
  return kb > 0 ? kb / 1024 : undefined;
}

/**
 * The extension process's memory with the engine open (the video just paused), then once the
 * engine has closed itself for want of audio (src/engine/engineHost.ts ENGINE_IDLE_CLOSE_MS).
 */
async function memoryOpenAndClosed(page: Page, worker: Worker): Promise<Pick<Round, 'extensionMBEngineOpen' | 'extensionMBEngineClosed'>> {
  await page.evaluate(() => document.querySelector('video')?.pause());
  const extensionMBEngineOpen = await extensionProcessMB();
  const open = () => worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length);
  const deadline = Date.now() + ENGINE_IDLE_CLOSE_MS + 30_000;
  while ((await open()) > 0) {
    if (Date.now() > deadline) throw new Error('the engine did not close itself with no audio');
    await sleep(1000);
  }
  // The process gives the document's memory back at its next garbage collection: 10–20 s here.
  await sleep(30_000);
  return { extensionMBEngineOpen, extensionMBEngineClosed: await extensionProcessMB() };
}

/** From navigation (`started`, Date.now()) to the first answer on the badge: each step of the cold path, the engine's from its debug answer (one clock, one machine). */
async function coldPathFrom(page: Page, worker: Worker, started: number): Promise<NonNullable<Round['coldPath']>> {
  await page.waitForFunction(() => document.querySelector('#genre-lens-badge') !== null, undefined, { timeout: 30000, polling: 10 });
  const playerFound = Date.now() - started;
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#genre-lens-badge')?.dataset.state === 'ready', undefined, { timeout: 30000, polling: 50 });
  const firstAnswer = Date.now() - started;
  const engine = (await worker.evaluate(() => chrome.runtime.sendMessage({ type: 'debug/engine' }))) as { coldPath?: Record<string, number | undefined> };
  const at = (name: string) => (engine.coldPath?.[`${name}At`] === undefined ? undefined : engine.coldPath[`${name}At`]! - started);
  return {
    playerFound,
    engineDocumentUp: at('documentUp'),
    modelLoadStarted: at('modelLoadStarted'),
    runtimeCompiled: at('runtimeCompiled'),
    sessionsCreated: at('sessionsCreated'),
    warmedUp: at('warmedUp'),
    firstPort: at('firstPort'),
    firstChunk: at('firstChunk'),
    firstReport: at('firstReport'),
    firstAnswer,
  };
}

/** How much slower the throttled cold start runs (DevTools' CPU throttling: 2 = half speed), as on a slower laptop. */
const THROTTLE = 2;

/**
 * A cold start with the CPU throttled THROTTLE× on the page and on the engine's document
 * (Emulation.setCPUThrottlingRate on each): Playwright's context gives no session on an
 * offscreen document, so puppeteer-core attaches to the same browser over its DevTools port and
 * throttles the engine's document as soon as it exists.
 */
async function throttledColdPath(chromiumArgs: string[], dist: string | undefined, url: string): Promise<NonNullable<Round['coldPath']>> {
  const { context, worker, userDataDir } = await launchWithExtension([...chromiumArgs, '--remote-debugging-port=0'], { dist });
  const port = Number((await readFile(path.join(userDataDir, 'DevToolsActivePort'), 'utf8')).split('\n')[0]);
  const devtools = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  try {
    const throttled: Promise<unknown>[] = [];
    const throttle = async (target: PuppeteerTarget) => {
      const session = await target.createCDPSession();
      await session.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    };
    // The document's target may be announced before its URL is set: watch changes too.
    const seen = new Set<PuppeteerTarget>();
    const onTarget = (target: PuppeteerTarget) => {
      if (seen.has(target) || !target.url().endsWith('/offscreen.html')) return;
      seen.add(target);
      throttled.push(throttle(target));
    };
    devtools.on('targetcreated', onTarget);
    devtools.on('targetchanged', onTarget);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('about:blank');
    const pageTarget = devtools.targets().find((t) => t.type() === 'page' && t.url() === 'about:blank');
    if (!pageTarget) throw new Error('the page was not found over the DevTools port');
    await throttle(pageTarget);
    const started = Date.now();
    await page.goto(url);
    const cold = await coldPathFrom(page, worker, started);
    if (throttled.length === 0) throw new Error('the engine document was not throttled (no offscreen.html target seen)');
    await Promise.all(throttled);
    return cold;
  } finally {
    await devtools.disconnect();
    await context.close();
  }
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
 * into its chunks), timed in headless Chromium — the V8 and built-ins of the audio thread — on a
 * blank page: the bundle of dist/<browser> with stand-ins for the AudioWorklet globals, fed 20 s
 * of stereo audio in 128-frame render quanta, as the browser calls it. Median of 5 runs.
 */
async function workletCost(dists: string[]): Promise<number[]> {
  const audio = await decodeFile('assets/demo/rock.opus');
  const seconds = 20;
  const mono = audio.samples.slice(0, audio.sampleRate * seconds);
  const samples = Buffer.from(mono.buffer).toString('base64');
  const browser = await launchWithoutExtension([]);
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const out: number[] = [];
    for (const dist of dists) {
      const code = await readFile(path.join(dist, 'capture-worklet.js'), 'utf8');
      type Bench = { posted: unknown[]; Processor?: new () => { process(inputs: Float32Array[][]): boolean } };
      // The AudioWorkletGlobalScope stand-ins, as a script (a function given to evaluate would be
      // rewritten by the TypeScript loader with helpers the page does not have).
      await page.addScriptTag({
        content: `globalThis.bench = { posted: [] };
          globalThis.sampleRate = ${audio.sampleRate};
          globalThis.AudioWorkletProcessor = class { port = { postMessage: (message) => globalThis.bench.posted.push(message) }; };
          globalThis.registerProcessor = (_name, processor) => { globalThis.bench.Processor = processor; };`,
      });
      await page.addScriptTag({ content: code });
      out.push(
        await page.evaluate(
          ({ samples, seconds }) => {
            const { bench } = globalThis as unknown as { bench: Bench };
            const Processor = bench.Processor;
            if (!Processor) throw new Error('the worklet registered no processor');
            const bytes = Uint8Array.from(atob(samples), (c) => c.charCodeAt(0));
            const stream = new Float32Array(bytes.buffer);
            const runs: number[] = [];
            for (let run = 0; run < 5; run++) {
              bench.posted.length = 0;
              const processor = new Processor();
              const started = performance.now();
              for (let at = 0; at + 128 <= stream.length; at += 128) {
                const quantum = stream.subarray(at, at + 128);
                processor.process([[quantum, quantum]]);
              }
              runs.push((performance.now() - started) / seconds);
              if (bench.posted.length < seconds - 1) throw new Error(`the worklet posted ${bench.posted.length} chunks for ${seconds} s of audio`);
            }
            return runs.sort((a, b) => a - b)[2]!;
          },
          { samples, seconds },
        ),
      );
    }
    return out;
  } finally {
    await browser.close();
  }
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
  const maxSeconds = url === DEFAULT_URL ? CLIP_SECONDS - WARMUP_SECONDS - 1 : 300;
  if (!(seconds >= 5 && seconds <= maxSeconds) || !(rounds >= 1 && rounds <= 10)) throw new UsageError(`--seconds must be 5..${maxSeconds} and --rounds 1..10`);
  const server = await startFixtureServer(['longrock']);
  const without: Round[] = [];
  const withExtension: Round[] = [];
  const throttledCold: NonNullable<Round['coldPath']>[] = [];
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
        withExtension.push(await measure(context, worker, seconds, url, round === 0));
      } finally {
        await context.close();
      }
      throttledCold.push(await throttledColdPath(server.chromiumArgs, dist, url));
    }
  } finally {
    await server.close();
  }
  const [chromeWorklet, firefoxWorklet] = await workletCost(dist ? [dist] : [PRODUCTION_DIST, FIREFOX_PRODUCTION_DIST]);
  const worklets = { chrome: chromeWorklet!, firefox: firefoxWorklet };
  const summary = {
    seconds,
    rounds,
    /** The span began this many seconds into the video (the stream settled). */
    steadyFromSecond: WARMUP_SECONDS,
    without: { scriptMsPerSecond: mean(without.map((r) => r.scriptMsPerSecond))!, taskMsPerSecond: mean(without.map((r) => r.taskMsPerSecond))! },
    with: {
      scriptMsPerSecond: mean(withExtension.map((r) => r.scriptMsPerSecond))!,
      taskMsPerSecond: mean(withExtension.map((r) => r.taskMsPerSecond))!,
    },
    overhead: { scriptMsPerSecond: 0, taskMsPerSecond: 0 },
    engineMsPerAudioSecond: mean(withExtension.map((r) => r.engineMsPerAudioSecond)),
    networkMsPerPatch: mean(withExtension.map((r) => r.networkMsPerPatch)),
    engineHeapMB: mean(withExtension.map((r) => r.engineHeapMB)),
    extensionMBEngineOpen: mean(withExtension.map((r) => r.extensionMBEngineOpen)),
    extensionMBEngineClosed: mean(withExtension.map((r) => r.extensionMBEngineClosed)),
    firstGuessMs: mean(withExtension.map((r) => r.firstGuessMs)),
    nextVideoGuessMs: mean(withExtension.map((r) => r.nextVideoGuessMs)),
    nextVideoPlayedSeconds: mean(withExtension.map((r) => r.nextVideoPlayedSeconds)),
    /** Mean ms after navigation of each cold-path step. */
    coldPath: Object.fromEntries(COLD_STEPS.map((step) => [step, mean(withExtension.map((r) => r.coldPath?.[step]))])),
    /** The same cold path with the CPU throttled THROTTLE× on the page and the engine's document. */
    throttledColdPath: { throttle: THROTTLE, ...Object.fromEntries(COLD_STEPS.map((step) => [step, mean(throttledCold.map((c) => c[step]))])) },
    workletMsPerAudioSecond: worklets.chrome,
    workletFirefoxMsPerAudioSecond: worklets.firefox,
    roundsDetail: { without, with: withExtension, throttledCold },
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
    `the extension's process (RSS): ${fmt(summary.extensionMBEngineOpen, 0)} MB with the engine open, ${fmt(summary.extensionMBEngineClosed, 0)} MB after it closed itself (no audio for ${ENGINE_IDLE_CLOSE_MS / 1000} s)`,
  );
  console.log(
    `capture worklet (audio thread; the shipped bundle, down-mix + resample + pack, timed in Chromium's V8): ${fmt(worklets.chrome)} ms per second of audio` +
      (worklets.firefox === undefined ? '' : ` (Firefox's bundle, no base64: ${fmt(worklets.firefox)})`),
  );
  console.log(`time to first guess: ${fmt(summary.firstGuessMs, 0)} ms after navigation; the cold path, ms after navigation (CPU throttled ${THROTTLE}× beside it):`);
  const throttledPath = summary.throttledColdPath as Record<string, number | undefined>;
  for (const step of COLD_STEPS) console.log(`  ${step.padEnd(18)} ${fmt(summary.coldPath[step], 0).padStart(6)} ${fmt(throttledPath[step], 0).padStart(8)}`);
  console.log(`the next video in the same tab: first guess ${fmt(summary.nextVideoGuessMs, 0)} ms after it started (${fmt(summary.nextVideoPlayedSeconds, 1)} s of it played)`);
  return 0;
}

runCli('bench:browser', main);
