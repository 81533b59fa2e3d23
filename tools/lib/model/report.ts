/** model/REPORT.md: how the shipped model was chosen and how well it does on held-out clips. */
import { GENRES } from '../../../src/core/genres.ts';
import type { ModelInfo, ModelKind } from '../../../src/core/model.ts';
import type { Evaluation } from './evaluation.ts';
import { type DetectorReport, type NonMusicMeasure, TARGET_FALSE_ALARM } from './musicDetector.ts';
import { type ReliabilityBin, reliabilityBins } from '../../../src/core/calibration.ts';
import type { PoolFigures } from './pool.ts';
import type { ShownCounts } from './shownKinds.ts';
import { type CrossSourceResult, MIN_OTHER_SOURCE_CLIPS } from './crossSource.ts';
import { confusionSvg, confusionTable, metricsTable } from './metrics.ts';
import type { OutsideMeasure } from './outsideHead.ts';
import { toolEar } from './ears.ts';

interface ReportInput {
  info: ModelInfo;
  chosen: { kind: ModelKind; lambda: number };
  selection: { kind: ModelKind; lambda: number; cvScore: number; validation: Evaluation }[];
  testEval: Evaluation;
  validation: Evaluation;
  parity: number;
  perSource: Record<string, { clips: number; accuracy: number }>;
  notMusic?: DetectorReport;
  crossSource: CrossSourceResult;
  /** YAMNet's zero-shot mapping (no training), on the same held-out sources. */
  zeroShot: CrossSourceResult;
  degradations: { name: string; clipAccuracy: number; windowAccuracy: number }[];
  calibration: {
    power: number;
    unsureBelow: number;
    outOfFoldEceBefore: number;
    outOfFoldEceAfter: number;
    testEceBefore: number;
    testEceAfter: number;
    testWindows: number;
  };
  reliability: Record<'before' | 'after', { confidence: number[]; correct: boolean[] }>;
}

function crossSourceSection(c: CrossSourceResult, zeroShot: CrossSourceResult): string[] {
  const counted = c.pairs.filter((p) => p.counted);
  const zs = (p: { source: string; genre: string }) => zeroShot.pairs.find((z) => z.source === p.source && z.genre === p.genre);
  return [
    '## Leave-one-source-out (the headline)',
    '',
    `For each source, a model with the shipped settings is fitted on every other source and tested on that source's clips, ` +
      `for each genre that still has training clips elsewhere. This is what a recording unlike the training sources (YouTube) looks like to the model. ` +
      `Mean clip accuracy over the ${counted.length} (source, genre) pairs whose genre keeps at least ${MIN_OTHER_SOURCE_CLIPS} training clips elsewhere: ` +
      `**${pct(c.meanClipAccuracy)}** (windows ${pct(c.meanWindowAccuracy)}); ${toolEar().name}'s zero-shot mapping, with no training at all, on the same pairs: ${pct(zeroShot.meanClipAccuracy)}.`,
    '',
    '| held-out source | genre | clips | training clips of the genre elsewhere | zero-shot clip accuracy | trained head clip accuracy | window accuracy | most often called |',
    '|---|---|---|---|---|---|---|---|',
    ...c.pairs.map(
      (p) =>
        `| ${p.source} | ${p.genre} | ${p.clips} | ${p.otherSourceClips}${p.counted ? '' : ' (not counted)'} | ${zs(p) ? pct(zs(p)!.clipAccuracy) : '–'} | ${pct(p.clipAccuracy)} | ${pct(p.windowAccuracy)} | ${p.mostConfusedWith ?? '–'} |`,
    ),
    '',
  ];
}

function degradationSection(r: ReportInput): string[] {
  const base = r.testEval.clip.accuracy;
  return [
    '## Degraded copies of the test split',
    '',
    'The same test clips, degraded in-process before analysis (`npm run evaluate -- --degrade …`): the model must not use bandwidth or level as a genre cue.',
    '',
    '| copy | clip accuracy | change | window accuracy |',
    '|---|---|---|---|',
    `| as is | ${pct(base)} | – | ${pct(r.testEval.window.accuracy)} |`,
    ...r.degradations.map((d) => `| ${d.name} | ${pct(d.clipAccuracy)} | ${signedPoints(d.clipAccuracy - base)} | ${pct(d.windowAccuracy)} |`),
    '',
  ];
}

function calibrationSection(r: ReportInput): string[] {
  const c = r.calibration;
  if (r.info.outside && r.info.calibration?.outsidePower !== undefined) {
    return [
      '## Calibrated certainty',
      '',
      'The percentage the badge and popup show is the probability of the shown answer over all music (the posterior and its reliability diagram: the headline section above). ' +
        `Within the five alone, the genre head's calibrated evidence on the test split (${c.testWindows} windows, power ${c.power}): expected calibration error ` +
        `${c.testEceBefore.toFixed(3)} with power 1, ${c.testEceAfter.toFixed(3)} after.`,
      '',
    ];
  }
  return [
    '## Calibrated certainty',
    '',
    `The percentage the badge and popup show is the smoothed probability of the shown genre after calibration: p_i^a / Σ p_j^a with a = ${c.power.toFixed(3)}, ` +
      'fitted (lowest expected calibration error) on out-of-fold predictions of the training clips replayed through the extension\'s smoothing. ' +
      `"Unsure" is shown below a calibrated ${pct(c.unsureBelow)}: from there up the shown genre is right at least half the time (out-of-fold).`,
    '',
    '| expected calibration error (10 bins, after smoothing) | before | after |',
    '|---|---|---|',
    `| out-of-fold training windows | ${c.outOfFoldEceBefore.toFixed(3)} | ${c.outOfFoldEceAfter.toFixed(3)} |`,
    `| test split (${c.testWindows} windows) | ${c.testEceBefore.toFixed(3)} | **${c.testEceAfter.toFixed(3)}** |`,
    '',
    '![reliability diagram](reliability.svg)',
    '',
  ];
}

const signedPoints = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} points`;


interface OutsideReport {
  lambda: number;
  popWeight: number;
  targets: { maxFalseOutside: number; maxFiveUnsure: number; minNamedRight: number; seconds: number };
  selection: { lambda: number; lines: unknown; recall: number; confidentWrong: number }[];
  shown: Omit<PoolFigures, 'reliability'>[];
  unsureTradeOff?: { unsureBelow: number; five: { clips: number; right: number; unsure: number }; outside: { clips: number; unsure: number; confidentWrong: number } }[];
  reliability: ReliabilityBin[];
  clips: number;
  leaveOneSourceOut: OutsideMeasure;
  leaveOneSourceOutIgnoringOutside: number;
  testFiveCalledOutside: number;
  testFiveClips: number;
  /** Per outside genre: which of the five the genre head answers for its clips. */
  heardAs: Record<string, Record<string, number>>;
}

/** "Not one of the five": the outside head's figures, leave-one-source-out, per genre and per source. */
function outsideSection(info: ModelInfo): string[] {
  const o = (info.metrics as { outside?: OutsideReport } | undefined)?.outside;
  if (!o || !info.outside) return ['## Outside the five', '', 'Not trained (train with `--outside ../shared/other`).', ''];
  const m = o.leaveOneSourceOut;
  const ratio = (a: number, b: number) => `${a}/${b} (${pct(a / Math.max(1, b))})`;
  const crossSource = info.metrics?.leaveOneSourceOut as { meanClipAccuracy: number } | undefined;
  return [
    '## Outside the five ("not one of the five")',
    '',
    `A second multinomial head over the same window features, classes ${info.outside.classes.join(', ')}, trained on the five genres' clips ` +
      `(train + validation) and ${o.clips} clips of music none of the five (../shared/other), "${info.outside.classes[0]}" weighing as much as all outside genres together ` +
      `and Pop ${o.popWeight}× each other outside genre; λ = ${o.lambda}, chosen leave-one-source-out (fewest confidently wrong answers on all music). Its evidence per song, calibrated, gives ` +
      `P(one of the five) to the posterior above; the live decision says "outside" once the outside share reaches ${info.outside.enterAbove} (until it falls below ${info.outside.leaveBelow}) ` +
      `and names a genre when that genre holds at least ${info.outside.nameAbove} of the outside share (named genres right at least ${pct(o.targets.minNamedRight)} of the time).`,
    '',
    `Every figure below: each clip answered by heads fitted without its source, ${o.targets.seconds} s into the clip (a shorter clip: at its end).`,
    '',
    '| measure | value | target |',
    '|---|---|---|',
    `| outside-five clips answered "not one of the five" | **${ratio(m.said, m.outsideClips)}** | ≥ 60% (goal 80%) |`,
    `| five-genre clips answered "not one of the five" | **${ratio(m.falseOutside, m.fiveClips)}** | ≤ 3% |`,
    `| named genre right (when named) | **${ratio(m.namedRight, m.named)}** | ≥ 70% |`,
    `| five-genre leave-one-source-out, "outside" counted wrong | **${crossSource ? pct(crossSource.meanClipAccuracy) : '–'}** (without counting it: ${pct(o.leaveOneSourceOutIgnoringOutside)}) | within 1 point of 86.3% |`,
    `| five-genre test-split clips answered "outside" | ${ratio(o.testFiveCalledOutside, o.testFiveClips)} | |`,
    '',
    '### Per outside genre',
    '',
    '| genre | clips | said outside | named | named right | the genre head alone would say |',
    '|---|---|---|---|---|---|',
    ...Object.entries(m.perGenre)
      .sort()
      .map(
        ([g, v]) =>
          `| ${g} | ${v.clips} | ${ratio(v.said, v.clips)} | ${v.named} | ${v.namedRight} | ${Object.entries(o.heardAs[g] ?? {})
            .sort((a, b) => b[1] - a[1])
            .map(([five, n]) => `${five} ${n}`)
            .join(', ')} |`,
      ),
    '',
    countrySentence(o.heardAs.Country, m.perGenre.Country),
    '',
    '### Five-genre clips called outside, per genre',
    '',
    '| genre | clips | called outside |',
    '|---|---|---|',
    ...Object.entries(m.falseOutsidePerGenre)
      .sort()
      .map(([g, v]) => `| ${g} | ${v.clips} | ${ratio(v.calledOutside, v.clips)} |`),
    '',
    '### Per source (each left out in turn)',
    '',
    '| source | outside-five clips | said outside | five-genre clips | called outside |',
    '|---|---|---|---|---|',
    ...Object.entries(m.perSource)
      .sort()
      .map(([s, v]) => `| ${s} | ${v.outsideClips} | ${v.outsideClips ? ratio(v.said, v.outsideClips) : '–'} | ${v.fiveClips} | ${v.fiveClips ? ratio(v.calledOutside, v.fiveClips) : '–'} |`),
    '',
    '### Selection',
    '',
    '| λ | lines | outside-five clips said outside | confidently wrong, all music (train + validation and the outside clips, leave-one-source-out, at 30 s) |',
    '|---|---|---|---|',
    ...o.selection.map((s) => `| ${s.lambda} | ${JSON.stringify(s.lines)} | ${pct(s.recall)} | ${s.confidentWrong === undefined ? '–' : pct(s.confidentWrong)} |`),
    '',
  ];
}

/** What a listener sees on all music: each clip read at 10 s and 30 s, leave-one-source-out. */
function shownSection(info: ModelInfo): string[] {
  const o = (info.metrics as { outside?: OutsideReport } | undefined)?.outside;
  if (!o?.shown || !info.calibration) return [];
  const share = (n: number, c: ShownCounts) => `${n} (${pct(n / Math.max(1, c.clips))})`;
  const row = (name: string, c: ShownCounts) => `| ${name} | ${c.clips} | ${share(c.right, c)} | ${share(c.unsure, c)} | ${share(c.outside, c)} | ${share(c.confidentWrong, c)} |`;
  const header = ['| clips | count | right genre | "Unsure" | "not one of the five" | confidently wrong |', '|---|---|---|---|---|---|'];
  const at = (seconds: number) => o.shown.find((f) => f.seconds === seconds);
  const late = at(o.targets.seconds) ?? o.shown.at(-1)!;
  return [
    '## What the badge shows, on all music (the headline)',
    '',
    `Every clip of the five genres (${late.five.clips}) and of the music outside them (${late.outside.clips}), each answered by heads fitted without its source ` +
      '(leave-one-source-out), replayed through the live decision as the badge shows it: evidence per song (the mean of every window since the song began), ' +
      `one posterior over all music — P(genre) = P(one of the five) · P(genre | one of the five), the genre head's evidence to the power ${info.calibration.power}, ` +
      `the outside head's to ${info.calibration.outsidePower ?? 1} — "not one of the five" from ${info.outside?.enterAbove} (until below ${info.outside?.leaveBelow}), ` +
      `"Unsure" below ${pct(info.calibration.unsureBelow)}. "Confidently wrong": a genre of the five, above the "Unsure" line, that is not the clip's. ` +
      `The powers and lines were chosen on the same kind of replay of train + validation and the outside clips (at most ${pct(o.targets.maxFalseOutside)} of five-genre clips called outside ` +
      `and ${pct(o.targets.maxFiveUnsure)} "Unsure" at ${o.targets.seconds} s); the test split was not used for them.`,
    '',
    ...o.shown.flatMap((f) => [
      `### ${f.seconds} s into each clip (a shorter clip: at its end)`,
      '',
      ...header,
      row('five genres', f.five),
      row('outside the five', f.outside),
      '',
    ]),
    `Calibration of the shown percentage over all music at ${late.seconds} s (an outside clip shown as a genre of the five counts as wrong; "not one of the five" is right on outside music): ` +
      `expected calibration error **${late.ece.toFixed(3)}** (10 bins; at ${o.shown[0]!.seconds} s: ${o.shown[0]!.ece.toFixed(3)}). Over every window of the selection replay: ` +
      `${(info.metrics?.calibration as { outOfFoldEceBefore?: number } | undefined)?.outOfFoldEceBefore?.toFixed(3) ?? '–'} with both powers 1, ` +
      `${(info.metrics?.calibration as { outOfFoldEceAfter?: number } | undefined)?.outOfFoldEceAfter?.toFixed(3) ?? '–'} after.`,
    '',
    '![reliability diagram, all music](reliability.svg)',
    '',
    ...(o.unsureTradeOff
      ? [
          `### The "Unsure" line's trade-off, at ${late.seconds} s`,
          '',
          'The same replays read with other lines (the shown genre and its probability do not depend on it): a higher line turns more confidently wrong answers on outside music into "Unsure", and more of the five\'s right answers too.',
          '',
          '| "Unsure" below | five genres: right | five genres: "Unsure" | outside: "Unsure" | outside: confidently wrong |',
          '|---|---|---|---|---|',
          ...o.unsureTradeOff.map(
            (t) =>
              `| ${pct(t.unsureBelow)}${t.unsureBelow === info.calibration!.unsureBelow ? ' (shipped)' : ''} | ${pct(t.five.right / t.five.clips)} | ${pct(t.five.unsure / t.five.clips)} | ${pct(t.outside.unsure / t.outside.clips)} | ${pct(t.outside.confidentWrong / t.outside.clips)} |`,
          ),
          '',
        ]
      : []),
    `### Per genre, at ${late.seconds} s`,
    '',
    ...header,
    ...Object.entries(late.perGenre)
      .sort()
      .map(([g, c]) => row(g, c)),
    '',
    `### Per source, at ${late.seconds} s (each left out in turn)`,
    '',
    ...header,
    ...Object.entries(late.perSource)
      .sort()
      .flatMap(([source, v]) => [...(v.five.clips ? [row(`${source}, five genres`, v.five)] : []), ...(v.outside.clips ? [row(`${source}, outside`, v.outside)] : [])]),
    '',
  ];
}

/** Where Country belongs, from the data: how the genre head hears it, and whether the outside head tells it apart. */
function countrySentence(heard: Record<string, number> | undefined, outside: { clips: number; said: number } | undefined): string {
  if (!heard || !outside) return '';
  const folk = heard.Folk ?? 0;
  return (
    `**Country.** The genre head alone hears ${folk} of ${outside.clips} Country clips as Folk (${pct(folk / outside.clips)}; ${toolEar().name}'s Country and ` +
    'Bluegrass classes are part of Folk\'s zero-shot feature), and the outside head tells ' +
    `${outside.said} of them apart from the five. Genre Lens keeps Country outside the five, as the Free Music Archive's taxonomy (the seed's) does, ` +
    'and names it when it is clear; where it is not, Country is shown as Folk, its nearest neighbour among the five — the answer a listener ' +
    'would find least wrong. Taking Country and Bluegrass out of Folk\'s zero-shot feature would change the feature spec and the five-genre head; not measured.'
  );
}

function notMusicSection(m: DetectorReport | undefined): string[] {
  if (!m) return ['## "Not music?" detector', '', 'Not trained (train with `--nonmusic ../shared/nonmusic,.cache/nonmusic`).', ''];
  const row = (name: string, v: NonMusicMeasure) => `| ${name} | ${v.clips} | **${pct(v.caughtWithin6s)}** | ${pct(v.caught)} | ${pct(v.windowRate)} |`;
  const f = m.musicFalseAlarms;
  return [
    '## "Not music?" detector',
    '',
    'A binary logistic regression on the features of the last ' +
      'few seconds (`detectorSeconds` in the spec): music (the genre training clips and their degraded copies) against the non-music given to `--nonmusic` ' +
      `(sources: ${m.crossSource.map((c) => c.source).join(', ')}), talk over a music bed at −20 and −10 dB, and phone-band ` +
      'and quiet band-limited copies of all non-music (so bandwidth and level are no cue). Within non-music, sources are balanced (weight ∝ count^−0.5). ' +
      `Its threshold (${m.threshold.toFixed(3)}) is set on music it was not fitted on (artist-grouped folds, after the live smoothing: ${pct(TARGET_FALSE_ALARM)} of each genre's held-out music windows below it, capped at 0.5).`,
    '',
    '### Non-music sources left out one at a time',
    '',
    'Each row: a detector fitted without that source (so without its speakers and recording setup), on that source\'s clips. ' +
      '"Caught within 6 s": the badge shows "Not music?" once 6 s of audio have been heard; "caught": at the end of the clip (the CLI\'s decision).',
    '',
    '| held-out source | clips | caught within 6 s | caught | windows called not music |',
    '|---|---|---|---|---|',
    ...m.crossSource.map((c) => row(c.source, c.original)),
    row('**all sources, pooled**', m.pooled.original),
    ...Object.entries(m.pooled.variants).map(([n, v]) => row(`pooled, ${n} copies${n === 'resample=8k' ? ' (phone band)' : ''}`, v)),
    '',
    '### Talk over music (held-out talk over test-split music)',
    '',
    'What the badge shows: talk with music under it at −20 or −10 dB is talk ("Not music?", never a genre); at 0 dB (music as loud as the voice) ' +
      'the audio is as much music as talk, and a genre may be shown.',
    '',
    '| music level under the talk | clips | caught within 6 s | caught | windows called not music |',
    '|---|---|---|---|---|',
    ...Object.entries(m.pooled.mixes).map(([n, v]) => row(n, v)),
    '',
    '### False alarms on music (test-split artists, windows shown as "Not music?")',
    '',
    '| genre | windows | false alarms |',
    '|---|---|---|',
    ...Object.entries(f.perGenre)
      .sort()
      .map(([g, v]) => `| ${g} | ${v.windows} | ${pct(v.rate)} |`),
    `| **all** | ${f.windows} | **${pct(f.rate)}** |`,
    ...(m.musicFalseAlarmsBandLimited
      ? [`| all, ${m.musicFalseAlarmsBandLimited.copy} copies | ${m.musicFalseAlarmsBandLimited.windows} | ${pct(m.musicFalseAlarmsBandLimited.rate)} |`]
      : []),
    '',
  ];
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const kindName = (k: ModelKind) => (k === 'ovr' ? 'one-vs-rest logistic regression' : 'multinomial logistic regression');

/** Reliability diagram: accuracy against calibrated confidence per bin, before and after calibration. */
function reliabilitySvg(r: ReportInput['reliability'], title: string): string {
  return reliabilityChart(
    [
      { name: 'before calibration', colour: '#d62728', bins: reliabilityBins(r.before.confidence, r.before.correct) },
      { name: 'after calibration', colour: '#1f77b4', bins: reliabilityBins(r.after.confidence, r.after.correct) },
    ],
    title,
  );
}

function reliabilityChart(series: { name: string; colour: string; bins: ReliabilityBin[] }[], title: string): string {
  const size = 300;
  const left = 50;
  const top = 40;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + size + 170}" height="${top + size + 50}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="#fff"/>',
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${title}</text>`,
    `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#999"/>`,
    `<line x1="${left}" y1="${top + size}" x2="${left + size}" y2="${top}" stroke="#bbb" stroke-dasharray="4 4"/>`,
  ];
  for (let t = 0; t <= 10; t += 2) {
    const v = t / 10;
    parts.push(`<text x="${left + v * size}" y="${top + size + 16}" text-anchor="middle">${v.toFixed(1)}</text>`);
    parts.push(`<text x="${left - 6}" y="${top + size - v * size + 4}" text-anchor="end">${v.toFixed(1)}</text>`);
  }
  parts.push(`<text x="${left + size / 2}" y="${top + size + 36}" text-anchor="middle">confidence shown</text>`);
  parts.push(`<text x="14" y="${top + size / 2}" transform="rotate(-90 14 ${top + size / 2})" text-anchor="middle">share right</text>`);
  series.forEach(({ name, colour, bins }, s) => {
    const points = bins.filter((b) => b.count > 0).map((b) => `${(left + b.confidence * size).toFixed(1)},${(top + size - b.accuracy * size).toFixed(1)}`);
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of points) {
      const [x, y] = p.split(',');
      parts.push(`<circle cx="${x}" cy="${y}" r="3" fill="${colour}"/>`);
    }
    parts.push(`<rect x="${left + size + 20}" y="${top + 10 + s * 20}" width="12" height="12" fill="${colour}"/>`);
    parts.push(`<text x="${left + size + 38}" y="${top + 20 + s * 20}">${name}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The reliability diagram of the shown answer over all music, when the model has an outside head. */
function poolReliability(info: ModelInfo): string | undefined {
  const o = (info.metrics as { outside?: OutsideReport } | undefined)?.outside;
  if (!o?.reliability) return undefined;
  const late = o.shown.find((f) => f.seconds === o.targets.seconds) ?? o.shown.at(-1)!;
  return reliabilityChart([{ name: `all music at ${late.seconds} s`, colour: '#1f77b4', bins: o.reliability }], `All music, ${late.seconds} s into each clip: ECE ${late.ece.toFixed(3)}`);
}

export function buildReport(r: ReportInput): { markdown: string; svg: string; reliabilitySvg: string } {
  const t = r.testEval;
  const training = r.info.training as { clips: number; windows: number; failedClips: string[]; perGenre: Record<string, number> };
  const splits = r.info.splits as Record<string, string[]>;
  const lines = [
    '# Genre model report',
    '',
    `Generated by \`npm run train\`. Model: **${kindName(r.chosen.kind)}**, L2 strength λ = ${r.chosen.lambda}, ` +
      `${r.info.spec.featureNames.length} window features (feature spec v${r.info.spec.version}: ${toolEar().name} on ${r.info.spec.sampleRate} Hz patches of ${r.info.spec.patchSamples / r.info.spec.sampleRate} s ` +
      `every ${r.info.spec.patchHop / r.info.spec.sampleRate} s, window ${r.info.spec.windowSeconds} s, first window after ${r.info.spec.minWindowSeconds} s).`,
    '',
    `Data: ${training.clips} clips (${GENRES.map((g) => `${g} ${training.perGenre[g]}`).join(', ')}), ${training.windows} windows; ` +
      `${training.failedClips.length} clips could not be used. Split by artist: train ${splits.train!.length}, validation ${splits.validation!.length}, test ${splits.test!.length} clips ` +
      '(the clip lists are in model.json). The shipped model is refitted on train + validation; the test split was used once, for the figures below.',
    '',
    ...shownSection(r.info),
    ...crossSourceSection(r.crossSource, r.zeroShot),
    '## Held-out test split (artist split)',
    '',
    '| measure | value |',
    '|---|---|',
    `| clip accuracy (average of a clip's window probabilities) | **${pct(t.clip.accuracy)}** |`,
    `| clip macro F1 | ${t.clip.macroF1.toFixed(3)} |`,
    `| window accuracy (every window, 1–10 s) | ${pct(t.window.accuracy)} |`,
    `| 10 s window accuracy (what the badge shows once warm) | ${pct(t.fullWindowAccuracy)} |`,
    `| first guess (one patch, 0.975 s of audio) | ${pct(t.firstGuessAccuracy)} |`,
    `| ONNX vs TypeScript reference, max abs difference | ${r.parity.toExponential(1)} |`,
    '',
    '### Per genre (clips)',
    '',
    metricsTable(t.clip, GENRES),
    '',
    '### Confusion matrix (clips)',
    '',
    confusionTable(t.clip, GENRES),
    '',
    '![confusion matrix](confusion.svg)',
    '',
    '### Per genre (windows)',
    '',
    metricsTable(t.window, GENRES),
    '',
    '### Per source (clip accuracy)',
    '',
    'Sources differ per genre (see the data README), so a model can learn a source instead of a genre; where a genre has two sources, compare them here.',
    '',
    '| genre / source | clips | accuracy |',
    '|---|---|---|',
    ...Object.entries(r.perSource)
      .sort()
      .map(([s, v]) => `| ${s} | ${v.clips} | ${pct(v.accuracy)} |`),
    '',
    ...degradationSection(r),
    ...calibrationSection(r),
    '## Model selection',
    '',
    'A multinomial head whose weights are pulled toward the zero-shot mapping; λ chosen by leave-one-source-out on train + validation (the test split is not used).',
    '',
    '| kind | λ | leave-one-source-out (train + validation) | validation clip accuracy (fitted on train) | validation window accuracy |',
    '|---|---|---|---|---|',
    ...r.selection.map(
      (s) => `| ${s.kind} | ${s.lambda} | ${pct(s.cvScore)} | ${pct(s.validation.clip.accuracy)} | ${pct(s.validation.window.accuracy)} |`,
    ),
    '',
    ...notMusicSection(r.notMusic),
    ...outsideSection(r.info),
  ];
  return {
    markdown: lines.join('\n'),
    svg: confusionSvg(t.clip, GENRES, `Test clips: ${pct(t.clip.accuracy)} accuracy`),
    reliabilitySvg: poolReliability(r.info) ?? reliabilitySvg(r.reliability, `Test windows: ECE ${r.calibration.testEceBefore.toFixed(3)} → ${r.calibration.testEceAfter.toFixed(3)}`),
  };
}
