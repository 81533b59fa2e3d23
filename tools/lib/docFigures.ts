/**
 * The docs' figure tables, rendered from what the tools wrote: model/model.json (`npm run train`),
 * docs/figures/bench.json (`npm run bench`) and docs/figures/bench-browser.json
 * (`npm run bench:browser`). `npm run figures` writes them into README.md and docs/MODEL.md
 * between `<!-- figures:NAME -->` markers; tests/unit/docFigures.test.ts checks the docs hold
 * exactly this.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeMachine, type FiguresFile, loadFigures } from './figures.ts';
import { ROOT } from './root.ts';
import type { ShownCounts } from './model/shownKinds.ts';

interface DetectorRate {
  clips: number;
  caughtWithin6s: number;
}

/** The parts of model.json's metrics and training the docs quote. */
interface ModelFigures {
  genres: string[];
  spec: { minWindowSeconds: number };
  training: { clips: number };
  metrics: {
    test: {
      clipAccuracy: number;
      clipMacroF1: number;
      clips: number;
      firstGuessAccuracy: number;
      windowAccuracy: number;
      fullWindowAccuracy: number;
      degraded: { name: string; clipAccuracy: number }[];
    };
    zeroShot: { leaveOneSourceOut: number; testClipAccuracy: number };
    leaveOneSourceOut: { meanClipAccuracy: number; pairs: { source: string; counted: boolean }[] };
    calibration: { power: number; unsureBelow: number; testEceBefore: number; testEceAfter: number };
    notMusic: {
      threshold: number;
      crossSource: ({ source: string } & { original: DetectorRate })[];
      pooled: { original: DetectorRate; variants: Record<string, DetectorRate>; mixes: Record<string, DetectorRate> };
      musicFalseAlarms: { rate: number; perGenre: Record<string, { windows: number; falseAlarms: number }> };
    };
    outside?: {
      clips: number;
      leaveOneSourceOut: { said: number; named: number; namedRight: number; outsideClips: number; falseOutside: number; fiveClips: number };
      /** What the badge shows on all music at given seconds into each clip (tools/lib/model/pool.ts; models trained before it have none). */
      shown?: { seconds: number; five: ShownCounts; outside: ShownCounts; ece: number }[];
    };
  };
  outside?: { classes: string[] };
  calibration?: { outsidePower?: number };
}

export interface BenchFigures {
  msPerSecondOfAudio: number;
  networkMsPerPatch: number;
  restMsPerSecondOfAudio: number;
  audioSeconds: number;
  rtf: number;
  /** From `steadyFromSecond` on, once the stream has settled (src/core/patchReuse.ts). */
  steadyMsPerSecondOfAudio: number;
  steadyFromSecond: number;
  /** The same session with the network on every patch (before patchReuse.ts). */
  networkOnEveryPatch: { msPerSecondOfAudio: number; steadyMsPerSecondOfAudio: number; patchesRun: number };
  patches: number;
  weightStorageMsPerPatch: Record<string, number>;
  weightStorageBytes: Record<string, number>;
  /** Each ear's network and front end on the same clip (tools/bench.ts). */
  ears?: Record<string, { msPerSecondOfAudio: number; msPerPatch: number; patchesPerSecond: number }>;
}

export interface BrowserBenchFigures {
  engineMsPerAudioSecond?: number;
  networkMsPerPatch?: number;
  workletMsPerAudioSecond?: number;
  workletFirefoxMsPerAudioSecond?: number;
  without: { scriptMsPerSecond: number; taskMsPerSecond: number };
  with: { scriptMsPerSecond: number; taskMsPerSecond: number };
  overhead: { scriptMsPerSecond: number; taskMsPerSecond: number };
  engineHeapMB?: number;
  firstGuessMs?: number;
  nextVideoGuessMs?: number;
  /** Where the measured span began, seconds into the video (after the stream settled). */
  steadyFromSecond?: number;
  /** The extension's renderer process (RSS, MB) with the engine open and after it closed itself. */
  extensionMBEngineOpen?: number;
  extensionMBEngineClosed?: number;
  /** The cold path's steps, ms after navigation; and the same with the CPU throttled (`throttle`×). */
  coldPath?: Record<string, number | undefined>;
  throttledColdPath?: { throttle: number; firstAnswer?: number; [step: string]: number | undefined };
  rounds: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(1));
const seconds = (x: number | undefined) => (x === undefined ? 'n/a' : (x / 1000).toFixed(1));

const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
/** Two columns, the value in bold. */
const boldTable = (head: string, rows: [string, string][]) => table([head, ''], rows.map(([what, value]) => [what, `**${value}**`]));

/** Where and when both benchmarks ran. */
const measuredBy = (bench: FiguresFile<BenchFigures>, browser: FiguresFile<BrowserBenchFigures>) =>
  `Measured by \`npm run bench:browser\` on ${browser.measuredOn} (${describeMachine(browser.machine)}) and \`npm run bench\` on ${bench.measuredOn} (${describeMachine(bench.machine)})`;

export function accuracyTable(model: ModelFigures): string {
  const m = model.metrics;
  const sources = new Set(m.leaveOneSourceOut.pairs.map((p) => p.source)).size;
  const talk = m.notMusic.pooled.original;
  const rows: [string, string][] = [
    [
      `the five genres named right, on sources it never trained on (each of ${sources} sources left out in turn, ${model.training.clips} clips; "not one of the ${model.genres.length}" counts as wrong)`,
      pct(m.leaveOneSourceOut.meanClipAccuracy),
    ],
    [`the five genres named right, artists it never heard (${m.test.clips} held-out clips)`, pct(m.test.clipAccuracy)],
    [`…from its very first second of audio`, pct(m.test.firstGuessAccuracy)],
    [`speech, talk and noise shown as "Not music?" within 6 s (${talk.clips} real recordings)`, pct(talk.caughtWithin6s)],
  ];
  const outside = m.outside?.leaveOneSourceOut;
  if (outside && model.outside) {
    rows.push(
      [
        `music outside the five answered "not one of the ${model.genres.length}" (${outside.outsideClips} clips of ${model.outside.classes.length - 1} other genres, sources left out in turn)`,
        `${pct(outside.said / outside.outsideClips)} (${outside.said})`,
      ],
      [`five-genre music wrongly answered "not one of the ${model.genres.length}"`, `${pct(outside.falseOutside / outside.fiveClips)} (${outside.falseOutside} of ${outside.fiveClips})`],
      [`the genre it names outside the five, right`, `${pct(outside.namedRight / Math.max(1, outside.named))} (${outside.namedRight} of ${outside.named})`],
    );
  }
  const late = m.outside?.shown?.at(-1);
  if (late) {
    const of = (n: number, c: ShownCounts) => `${pct(n / c.clips)} (${n} of ${c.clips})`;
    rows.push(
      [`${late.seconds} s into a song, sources left out in turn — five-genre music: the right genre`, of(late.five.right, late.five)],
      [`…"Unsure"; "not one of the ${model.genres.length}"; another genre of the five, shown with confidence`, `${of(late.five.unsure, late.five)}; ${of(late.five.outside, late.five)}; ${of(late.five.confidentWrong, late.five)}`],
      [`…music outside the five: "not one of the ${model.genres.length}"; "Unsure"; a genre of the five, shown with confidence (confidently wrong)`, `${of(late.outside.outside, late.outside)}; ${of(late.outside.unsure, late.outside)}; ${of(late.outside.confidentWrong, late.outside)}`],
      [`certainty: how far a shown "80%" is from being right 80% of the time, on all music at ${late.seconds} s (calibration error; 0 is perfect)`, late.ece.toFixed(3)],
    );
  } else {
    rows.push([`certainty: how far a shown "80%" is from being right 80% of the time (calibration error on held-out windows; 0 is perfect)`, m.calibration.testEceAfter.toFixed(3)]);
  }
  return boldTable('measured on recordings it was not trained on', rows);
}

export function speedTable(bench: FiguresFile<BenchFigures>, browser: FiguresFile<BrowserBenchFigures>): string {
  const b = bench.figures;
  const w = browser.figures;
  const rows: [string, string][] = [
    [
      `in the browser: the engine's CPU time per second of audio${w.steadyFromSecond ? `, from ${w.steadyFromSecond} s into a song on` : ''} (\`npm run bench:browser\`, mean of ${w.rounds} runs)`,
      `${ms(w.engineMsPerAudioSecond)} ms`,
    ],
    [`…the capture worklet, on the tab's audio thread`, `${ms(w.workletMsPerAudioSecond)} ms`],
    [`…the page's own thread, extra script time per second of playback`, `${ms(w.overhead.scriptMsPerSecond)} ms`],
    [`…the engine's memory (JS heap)`, `${ms(w.engineHeapMB)} MB`],
    ...(w.extensionMBEngineOpen !== undefined && w.extensionMBEngineClosed !== undefined
      ? [[`…the extension's process (resident): with the engine open; after a minute with no audio (it closes itself)`, `${w.extensionMBEngineOpen.toFixed(0)} MB; ${w.extensionMBEngineClosed.toFixed(0)} MB`] as [string, string]]
      : []),
    [`…first genre after a watch page starts loading`, `${seconds(w.firstGuessMs)} s`],
    [`…first genre after the next video in the tab starts`, `${seconds(w.nextVideoGuessMs)} s`],
    ...(w.throttledColdPath
      ? [[`…first genre after a watch page starts loading, the CPU throttled ${w.throttledColdPath.throttle}× (a slower machine)`, `${seconds(w.throttledColdPath.firstAnswer)} s`] as [string, string]]
      : []),
    [
      `in Node (\`npm run bench\`, a ${b.audioSeconds} s song, resampling included): the whole live session, CPU time per second of audio; from second ${b.steadyFromSecond} on`,
      `${ms(b.msPerSecondOfAudio)} ms; ${ms(b.steadyMsPerSecondOfAudio)} ms`,
    ],
    [`…of which YAMNet, per 0.975 s patch`, `${ms(b.networkMsPerPatch)} ms`],
  ];
  return [boldTable('what it costs', rows), '', `${measuredBy(bench, browser)}; another machine of the same size can differ by 2×.`].join('\n');
}

/** docs/MODEL.md: the shipped model against the zero-shot mapping, on the same clips. */
export function modelTable(model: ModelFigures): string {
  const m = model.metrics;
  const counted = m.leaveOneSourceOut.pairs.filter((p) => p.counted).length;
  const t = m.test;
  return table(
    ['', 'YAMNet zero-shot mapping (no training)', '**shipped: YAMNet + head pulled toward the mapping**'],
    [
      [`leave-one-source-out clip accuracy, mean over ${counted} (source, genre) pairs ("outside" answers counted wrong)`, pct(m.zeroShot.leaveOneSourceOut), `**${pct(m.leaveOneSourceOut.meanClipAccuracy)}**`],
      [`artist-split test clip accuracy (${t.clips} clips by unseen artists)`, pct(m.zeroShot.testClipAccuracy), `**${pct(t.clipAccuracy)}** (macro F1 ${t.clipMacroF1.toFixed(2)})`],
      ['first guess, from one patch', '', pct(t.firstGuessAccuracy)],
      ['window accuracy (every window; full windows only)', '', `${pct(t.windowAccuracy)}; ${pct(t.fullWindowAccuracy)}`],
      ...t.degraded.map((d) => [`degraded copy: ${d.name}, clip accuracy change`, '', `${points(d.clipAccuracy - t.clipAccuracy)} points`]),
      m.outside?.shown
        ? [
            'certainty over all music (the five and outside, sources left out in turn): expected calibration error of the shown answer',
            '',
            `${m.outside.shown.map((f) => `${f.seconds} s: **${f.ece.toFixed(3)}**`).join('; ')} (powers ${m.calibration.power} and ${model.calibration?.outsidePower ?? 1}; "Unsure" below ${pct(m.calibration.unsureBelow)})`,
          ]
        : [
            'certainty: expected calibration error, test windows after smoothing',
            '',
            `${m.calibration.testEceBefore.toFixed(3)} → **${m.calibration.testEceAfter.toFixed(3)}** after calibration (power ${m.calibration.power}; "Unsure" below ${pct(m.calibration.unsureBelow)})`,
          ],
    ],
  );
}

/** docs/MODEL.md: the "Not music?" detector, on sources it was not fitted on. */
export function notMusicTable(model: ModelFigures): string {
  const n = model.metrics.notMusic;
  const rate = (r: DetectorRate) => `${pct(r.caughtWithin6s)} of ${r.clips}`;
  return table(
    ['', 'caught as "Not music?" within 6 s'],
    [
      ...n.crossSource.map((s) => [`real non-music from ${s.source} (that source left out)`, rate(s.original)]),
      ['all non-music, pooled', `**${rate(n.pooled.original)}**`],
      ...Object.entries(n.pooled.variants).map(([name, r]) => [`copies: ${name}`, rate(r)]),
      ...Object.entries(n.pooled.mixes).map(([name, r]) => [`talk over music at ${name}`, rate(r)]),
      [
        `music false alarms, test windows (line ${n.threshold.toFixed(3)})`,
        `${pct(n.musicFalseAlarms.rate)}: ${Object.entries(n.musicFalseAlarms.perGenre)
          .map(([genre, g]) => `${genre} ${g.falseAlarms} of ${g.windows}`)
          .join(', ')}`,
      ],
    ],
  );
}

/** docs/MODEL.md: where the time goes, and YAMNet's weight storage side by side (one `npm run bench` run). */
export function benchDetailTable(bench: FiguresFile<BenchFigures>, browser: FiguresFile<BrowserBenchFigures>): string {
  const b = bench.figures;
  const w = browser.figures;
  const shipped = Object.values(b.weightStorageMsPerPatch)[0]!;
  return [
    table(
      ['`npm run bench` (Node)', ''],
      [
        [`live session, ms of CPU per second of audio: the whole ${b.audioSeconds} s clip; from second ${b.steadyFromSecond} on (settled)`, `${ms(b.msPerSecondOfAudio)}; **${ms(b.steadyMsPerSecondOfAudio)}** (${b.rtf}× real time)`],
        ['of which YAMNet, ms per patch (FFT front end included)', ms(b.networkMsPerPatch)],
        ['everything else (resampling, window features, heads, decision), ms per second of audio', ms(b.restMsPerSecondOfAudio)],
        [
          `the network on every patch (before scores were reused: ${b.networkOnEveryPatch.patchesRun} runs, now ${b.patches}): the whole clip; settled`,
          `${ms(b.networkOnEveryPatch.msPerSecondOfAudio)}; ${ms(b.networkOnEveryPatch.steadyMsPerSecondOfAudio)}`,
        ],
        ...Object.entries(b.weightStorageMsPerPatch).map(([name, value]) => [
          `YAMNet ${name}, ms per patch`,
          `${value.toFixed(2)} (${(value / shipped).toFixed(2)}×)${b.weightStorageBytes[name] ? `, ${(b.weightStorageBytes[name]! / 1e6).toFixed(1)} MB` : ''}`,
        ]),
        ...Object.entries(b.ears ?? {}).map(([id, ear]) => [
          `ear ${id}: its network and front end, ms per second of audio (${ear.msPerPatch} ms per patch, ${ear.patchesPerSecond} patches a second)`,
          ms(ear.msPerSecondOfAudio),
        ]),
      ],
    ),
    '',
    table(
      ['`npm run bench:browser` (headless Chromium)', 'without Genre Lens', 'with Genre Lens', 'difference'],
      [
        ['page script, ms per second of playback', ms(w.without.scriptMsPerSecond), ms(w.with.scriptMsPerSecond), `**${ms(w.overhead.scriptMsPerSecond)}**`],
        ['page tasks, ms per second of playback', ms(w.without.taskMsPerSecond), ms(w.with.taskMsPerSecond), ms(w.overhead.taskMsPerSecond)],
        ['engine, ms of CPU per second of audio (YAMNet ms per patch)', '', `**${ms(w.engineMsPerAudioSecond)}** (${ms(w.networkMsPerPatch)})`, ''],
        ['capture worklet (audio thread), ms per second of audio: Chrome / Firefox bundle', '', `${ms(w.workletMsPerAudioSecond)} / ${ms(w.workletFirefoxMsPerAudioSecond)}`, ''],
        ['first genre after navigation; after the next video starts, s', '', `${seconds(w.firstGuessMs)}; ${seconds(w.nextVideoGuessMs)}`, ''],
      ],
    ),
    ...(w.coldPath ? ['', coldPathTable(w)] : []),
    '',
    `${measuredBy(bench, browser)}.`,
  ].join('\n');
}

/** docs/MODEL.md: the cold path step by step, as measured and with the CPU throttled. */
function coldPathTable(w: BrowserBenchFigures): string {
  const throttled = w.throttledColdPath;
  const steps = Object.keys(w.coldPath ?? {});
  return table(
    ['cold start, ms after navigation', 'this machine', ...(throttled ? [`CPU throttled ${throttled.throttle}×`] : [])],
    steps.map((step) => [step, ms0(w.coldPath?.[step]), ...(throttled ? [ms0(throttled[step])] : [])]),
  );
}

const ms0 = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(0));

/** docs/MODEL.md: the two ears side by side — the shipped model and the heads `npm run train -- --ear efficientat` trained on the same clips. */
export function earsTable(yamnet: ModelFigures, efficientat: ModelFigures, bench: FiguresFile<BenchFigures>): string {
  const row = (what: string, value: (m: ModelFigures) => string): string[] => [what, value(yamnet), value(efficientat)];
  const outside = (m: ModelFigures, f: (o: NonNullable<ModelFigures['metrics']['outside']>['leaveOneSourceOut']) => string) => {
    const o = m.metrics.outside?.leaveOneSourceOut;
    return o ? f(o) : '';
  };
  const cost = (id: string) => {
    const ear = bench.figures.ears?.[id];
    return ear ? `${ms(ear.msPerSecondOfAudio)} ms` : 'not measured';
  };
  return [
    table(
      ['', 'YAMNet (shipped, model/)', 'EfficientAT mn04 (docs/figures/efficientat/)'],
      [
        ['the network and its front end, ms of CPU per second of audio (`npm run bench`)', cost('yamnet'), cost('efficientat')],
        row('first guess after, s of audio (one patch)', (m) => `${m.spec.minWindowSeconds}`),
        row('leave-one-source-out clip accuracy ("outside" counted wrong)', (m) => pct(m.metrics.leaveOneSourceOut.meanClipAccuracy)),
        row('artist-split test clip accuracy', (m) => pct(m.metrics.test.clipAccuracy)),
        row('first guess right (test split)', (m) => pct(m.metrics.test.firstGuessAccuracy)),
        row('window accuracy (test split)', (m) => pct(m.metrics.test.windowAccuracy)),
        row('real non-music caught as "Not music?" within 6 s', (m) => pct(m.metrics.notMusic.pooled.original.caughtWithin6s)),
        row('music false alarms, test windows', (m) => pct(m.metrics.notMusic.musicFalseAlarms.rate)),
        row('music outside the five answered outside (sources left out)', (m) => outside(m, (o) => pct(o.said / o.outsideClips))),
        row('five-genre clips called outside', (m) => outside(m, (o) => pct(o.falseOutside / o.fiveClips))),
        row('calibration error after calibration, test windows', (m) => m.metrics.calibration.testEceAfter.toFixed(3)),
      ],
    ),
    '',
    `Both from \`npm run train\` on the same clips and seed (each model's model.json); the cost from \`npm run bench\` on ${bench.measuredOn} (${describeMachine(bench.machine)}).`,
  ].join('\n');
}

/** Each generated block, by document and marker name. */
export function docBlocks(): Record<string, Record<string, string>> {
  const model = readModel('model/model.json');
  const bench = loadFigures<BenchFigures>('bench');
  const browser = loadFigures<BrowserBenchFigures>('bench-browser');
  return {
    'README.md': { accuracy: accuracyTable(model), speed: speedTable(bench, browser) },
    'docs/MODEL.md': {
      model: modelTable(model),
      notMusic: notMusicTable(model),
      bench: benchDetailTable(bench, browser),
      ears: earsTable(model, readModel(EFFICIENTAT_MODEL), bench),
    },
  };
}

/** Where `npm run train -- --ear efficientat --out docs/figures/efficientat …` writes its model. */
const EFFICIENTAT_MODEL = 'docs/figures/efficientat/model.json';

const readModel = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as ModelFigures;

const BLOCK = /(<!-- figures:(\w+) -->\n)[\s\S]*?(<!-- \/figures:\2 -->)/g;

/** A document with every generated block rendered anew. */
export function renderDoc(text: string, blocks: Record<string, string>): string {
  return text.replace(BLOCK, (whole, open: string, name: string, close: string) => (name in blocks ? `${open}${blocks[name]}\n${close}` : whole));
}

export function blockNames(text: string): string[] {
  return [...text.matchAll(BLOCK)].map((m) => m[2]!);
}
