/**
 * README's figure tables, rendered from what the tools wrote: model/model.json (`npm run train`),
 * docs/figures/bench.json (`npm run bench`) and docs/figures/bench-browser.json
 * (`npm run bench:browser`). `npm run figures` writes them into README between the markers;
 * tests/unit/readmeFigures.test.ts checks README holds exactly this.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeMachine, type FiguresFile, loadFigures, ROOT } from './figures.ts';

/** The parts of model.json's metrics and training README quotes. */
interface ModelFigures {
  genres: string[];
  training: { clips: number };
  metrics: {
    test: { clipAccuracy: number; clips: number; firstGuessAccuracy: number };
    leaveOneSourceOut: { meanClipAccuracy: number; pairs: { source: string }[] };
    calibration: { testEceAfter: number };
    notMusic: { pooled: { original: { clips: number; caughtWithin6s: number } } };
    outside?: {
      clips: number;
      leaveOneSourceOut: { said: number; named: number; namedRight: number; outsideClips: number; falseOutside: number; fiveClips: number };
    };
  };
  outside?: { classes: string[] };
}

export interface BenchFigures {
  msPerSecondOfAudio: number;
  networkMsPerPatch: number;
  audioSeconds: number;
}

export interface BrowserBenchFigures {
  engineMsPerAudioSecond?: number;
  overhead: { scriptMsPerSecond: number };
  engineHeapMB?: number;
  firstGuessMs?: number;
  nextVideoGuessMs?: number;
  rounds: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(1));
const seconds = (x: number | undefined) => (x === undefined ? 'n/a' : (x / 1000).toFixed(1));

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
  rows.push([`certainty: how far a shown "80%" is from being right 80% of the time (calibration error on held-out windows; 0 is perfect)`, m.calibration.testEceAfter.toFixed(3)]);
  return ['| measured on recordings it was not trained on | |', '|---|---|', ...rows.map(([what, value]) => `| ${what} | **${value}** |`)].join('\n');
}

export function speedTable(bench: FiguresFile<BenchFigures>, browser: FiguresFile<BrowserBenchFigures>): string {
  const b = bench.figures;
  const w = browser.figures;
  const rows: [string, string][] = [
    [`in the browser: the engine's CPU time per second of audio (\`npm run bench:browser\`, mean of ${w.rounds} runs)`, `${ms(w.engineMsPerAudioSecond)} ms`],
    [`…the page's own thread, extra script time per second of playback`, `${ms(w.overhead.scriptMsPerSecond)} ms`],
    [`…the engine's memory (JS heap)`, `${ms(w.engineHeapMB)} MB`],
    [`…first genre after a watch page starts loading`, `${seconds(w.firstGuessMs)} s`],
    [`…first genre after the next video in the tab starts`, `${seconds(w.nextVideoGuessMs)} s`],
    [`in Node (\`npm run bench\`, ${b.audioSeconds} s clip): the whole live session, CPU time per second of audio`, `${ms(b.msPerSecondOfAudio)} ms`],
    [`…of which YAMNet, per 0.975 s patch`, `${ms(b.networkMsPerPatch)} ms`],
  ];
  return [
    '| what it costs | |',
    '|---|---|',
    ...rows.map(([what, value]) => `| ${what} | **${value}** |`),
    '',
    `Measured by \`npm run bench:browser\` on ${browser.measuredOn} (${describeMachine(browser.machine)}) and \`npm run bench\` on ${bench.measuredOn} (${describeMachine(bench.machine)}); another machine of the same size can differ by 2×.`,
  ].join('\n');
}

/** Each generated block of README, by marker name. */
export function readmeBlocks(): Record<string, string> {
  const model = JSON.parse(readFileSync(path.join(ROOT, 'model/model.json'), 'utf8')) as ModelFigures;
  return {
    accuracy: accuracyTable(model),
    speed: speedTable(loadFigures<BenchFigures>('bench'), loadFigures<BrowserBenchFigures>('bench-browser')),
  };
}

const BLOCK = /(<!-- figures:(\w+) -->\n)[\s\S]*?(<!-- \/figures:\2 -->)/g;

/** README with every generated block rendered anew. */
export function renderReadme(readme: string, blocks: Record<string, string> = readmeBlocks()): string {
  return readme.replace(BLOCK, (whole, open: string, name: string, close: string) => (name in blocks ? `${open}${blocks[name]}\n${close}` : whole));
}

export function blockNames(readme: string): string[] {
  return [...readme.matchAll(BLOCK)].map((m) => m[2]!);
}
