/**
 * npm run train -- --data DIR [--out model/] [--seed N] [--augment N] [--nonmusic DIR] [--outside DIR] [--ear yamnet|efficientat]
 * Extracts features with the extension's own analysis (YAMNet, src/core/yamnet.ts, or with
 * --ear another ear of tools/lib/model/ears.ts, written elsewhere than model/; plus N
 * degraded copies of every clip for training: band limit, EQ tilt, level), splits clips by
 * artist into train / validation / test, fits a multinomial head pulled toward YAMNet's
 * zero-shot genre mapping with the L2 strength chosen by leave-one-source-out on train +
 * validation, refits on train + validation, reports on test, on degraded copies of test and
 * leave-one-source-out (beside the zero-shot mapping), fits the certainty calibration on
 * out-of-fold predictions, and exports model/genre.onnx, model/model.json and model/REPORT.md.
 * With --outside DIR (music none of the five, <Genre>/* as ../shared/other), also the "outside
 * the five" head (tools/lib/model/outsideHead.ts), exported as model/outside.onnx.
 * Same data and seed give the same files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENRES } from '../src/core/genres.ts';
import { argmax, averageProbabilities, formatModelInfo, type LinearModel, type ModelInfo, type ModelKind, predictProbabilities } from '../src/core/model.ts';
import { EARS, earNamed, toolEar, useEar } from './lib/model/ears.ts';
import { SHIPPED_EAR } from '../src/core/spec.ts';
import { parseArgs, runCli, UsageError } from './lib/cli.ts';
import { createHash } from 'node:crypto';
import { type Clip, scanDataset } from './lib/model/dataset.ts';
import { calibrationError, chooseUnsureThreshold, confidenceAndCorrect, fitPower, type ShownGuess, shownGuesses } from './lib/model/calibrationFit.ts';
import { leaveOneSourceOut } from './lib/model/crossSource.ts';
import { type Degradation, parseDegradation, parseDegradations } from './lib/audio/degrade.ts';
import { analyzeVariantsCached } from './lib/model/features.ts';
import type { Evaluation } from './lib/model/evaluation.ts';
import { loadHeadFile } from './lib/model/onnxRunner.ts';
import { linearModelToOnnx } from './lib/model/onnxWriter.ts';
import { buildReport } from './lib/model/report.ts';
import type { MusicDetector } from '../src/core/musicness.ts';
import {
  type DetectorReport,
  loadNonMusic,
  NONMUSIC_TEST_VARIANTS,
  NONMUSIC_TRAINING_VARIANTS,
  type NonMusicClip,
  trainAndMeasureDetector,
} from './lib/model/musicDetector.ts';
import type { AnalysisWindow } from '../src/core/patchPipeline.ts';
import { mulberry32, splitByGroup } from './lib/model/split.ts';
import { evaluateModel, extractAll, fitModel, type LabelledClip } from './lib/model/training.ts';
import { fitOutsideHead, OUTSIDE_CLASSES, type OutsideClip, outOfSourcePredictions } from './lib/model/outsideHead.ts';
import { chooseLines, fitPowers, outOfSourceGenrePredictions, unsureTradeOff, outsideNaming, type PoolClip, poolFigures, type PoolPredictions, replayPool } from './lib/model/pool.ts';
import { shownAt } from './lib/model/shownKinds.ts';
import type { LiveModel } from '../src/core/liveSession.ts';
import type { Calibration } from '../src/core/calibration.ts';

/** L2 strengths tried, around the zero-shot mapping (chosen by leave-one-source-out on train + validation). */
const LAMBDAS = [0.3, 1, 3, 10];
/**
 * The head's weights are pulled toward YAMNet's zero-shot mapping at this strength (each genre's
 * logit = 3 × the log of its AudioSet genre classes' score): on train + validation,
 * leave-one-source-out 85.6% with this prior and λ ≥ 0.1, against 85.3% for the mapping alone
 * and 74.8–81.5% for heads pulled toward zero (they learn the training sources again).
 */
const ZERO_SHOT_PRIOR = 3;
/** Within a genre, a source's weight grows as count^(1 - SOURCE_BALANCE): a big source cannot define its genre alone. */
const SOURCE_BALANCE = 0.5;
/** YAMNet's input is brought to one loudness per patch, so no level copies are needed; band and tilt copies are optional. */
const DEFAULT_AUGMENT = 0;
/** What the test split is also measured on (REPORT.md); see tools/lib/audio/degrade.ts. */
const REPORT_DEGRADATIONS = 'lowpass=4k,lowpass=8k,lowpass=11k,gain=-12,gain=6,gain=12,resample=16k';
const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
const SPLIT_FRACTIONS = [0.6, 0.2, 0.2];
const CV_FOLDS = 4;
const KIND: ModelKind = 'multinomial';

const log = (message: string) => process.stderr.write(`${message}\n`);

const fit = (clips: readonly LabelledClip[], kind: ModelKind, lambda: number) => fitModel(clips, kind, lambda, { sourceBalance: SOURCE_BALANCE, zeroShotPrior: ZERO_SHOT_PRIOR });

/** YAMNet's zero-shot mapping as a model (no training): each genre's logit is the log of its AudioSet genre classes' score. */
function zeroShotModel(): LinearModel {
  const names = toolEar().spec.featureNames;
  return {
    kind: 'multinomial',
    genres: [...GENRES],
    mean: names.map(() => 0),
    scale: names.map(() => 1),
    weights: GENRES.map((genre) => names.map((n) => (n === `zeroShot.${genre}` ? ZERO_SHOT_PRIOR : 0))),
    bias: GENRES.map(() => 0),
  };
}

/**
 * Degraded copies of a clip for training: a random band limit (3-8 kHz), EQ
 * tilt (±6 dB) and level (-15..+6 dB), drawn from the seed and the clip's id,
 * so the same data and seed give the same copies.
 */
function augmentations(count: number, seed: number): (clip: Clip) => Degradation[] {
  return (clip) => {
    const random = mulberry32(createHash('sha1').update(`${seed}|${clip.id}`).digest().readUInt32LE(0));
    return Array.from({ length: count }, () => {
      const lowpass = Math.round((3000 * (8000 / 3000) ** random()) / 100) * 100;
      const tilt = Math.round(-6 + 12 * random());
      const gain = Math.round(-15 + 21 * random());
      return parseDegradation(`lowpass=${lowpass}+tilt=${tilt}+gain=${gain}`);
    });
  };
}

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ['data', 'out', 'seed', 'nonmusic', 'augment', 'outside', 'ear']);
  const dataDir = flags.get('data');
  if (typeof dataDir !== 'string') throw new UsageError('usage: npm run train -- --data DIR [--out model/] [--seed N] [--augment N] [--nonmusic DIR[,DIR…]] [--outside DIR]');
  const outsideDir = flags.get('outside');
  if (outsideDir === true) throw new UsageError('--outside needs a directory of music none of the five (<Genre>/*.opus, as ../shared/other)');
  const augment = Number(flags.get('augment') ?? DEFAULT_AUGMENT);
  if (!Number.isInteger(augment) || augment < 0 || augment > 8) throw new UsageError('--augment must be a whole number from 0 to 8');
  const nonMusicDir = flags.get('nonmusic');
  const outDir = typeof flags.get('out') === 'string' ? (flags.get('out') as string) : 'model';
  const seed = Number(flags.get('seed') ?? 7);
  const earFlag = flags.get('ear');
  if (earFlag === true) throw new UsageError(`--ear needs a name: ${Object.keys(EARS).join(', ')}`);
  if (typeof earFlag === 'string') useEar(earNamed(earFlag));
  if (toolEar() !== SHIPPED_EAR && path.resolve(outDir) === path.resolve('model')) {
    throw new UsageError(`--ear ${toolEar().id} needs --out DIR: model/ holds what the extension ships (${SHIPPED_EAR.id})`);
  }
  const started = Date.now();

  const scan = await scanDataset(dataDir, GENRES);
  for (const s of scan.skipped) log(`  skipped folder "${s.name}" (${s.count} files): not one of ${GENRES.join(', ')}`);
  if (scan.clips.length === 0) throw new Error(`${dataDir}: no labelled audio clips found`);
  log(`found ${scan.clips.length} clips in ${dataDir}`);
  const { ok: clips, failed } = await extractAll(scan.clips, augmentations(augment, seed));
  for (const g of GENRES) {
    if (!clips.some((c) => c.genre === g)) throw new Error(`no usable clips of ${g}: cannot train all ${GENRES.length} genres`);
  }

  const assignment = splitByGroup(clips, SPLIT_FRACTIONS, seed);
  const parts = SPLIT_NAMES.map((_, p) => clips.filter((_, i) => assignment[i] === p));
  const [train, validation, test] = parts as [LabelledClip[], LabelledClip[], LabelledClip[]];
  log(`split by artist: ${parts.map((p, i) => `${SPLIT_NAMES[i]} ${p.length}`).join(', ')} clips`);

  // λ by leave-one-source-out on train + validation (what YouTube looks like to the model); the test split is not looked at.
  const trainAndValidation = [...train, ...validation];
  const selection: { kind: ModelKind; lambda: number; cvScore: number; validation: Evaluation }[] = [];
  for (const lambda of LAMBDAS) {
    const loso = leaveOneSourceOut(trainAndValidation, (part) => fit(part, KIND, lambda), GENRES);
    const validationEval = evaluateModel(fit(train, KIND, lambda), validation);
    log(`  lambda=${lambda}: leave-one-source-out ${(loso.meanClipAccuracy * 100).toFixed(1)}% (train + validation), validation clip accuracy ${(validationEval.clip.accuracy * 100).toFixed(1)}%`);
    selection.push({ kind: KIND, lambda, cvScore: loso.meanClipAccuracy, validation: validationEval });
  }
  const chosen = [...selection].sort((a, b) => b.cvScore - a.cvScore || b.validation.clip.accuracy - a.validation.clip.accuracy)[0]!;
  log(`chosen: ${chosen.kind}, lambda=${chosen.lambda}`);

  const finalClips = [...train, ...validation];
  const fitChosen = (part: readonly LabelledClip[]) => fit(part, chosen.kind, chosen.lambda);
  const model = fitChosen(finalClips);
  const testEval = evaluateModel(model, test);
  log(`test: clip accuracy ${(testEval.clip.accuracy * 100).toFixed(1)}%, window ${(testEval.window.accuracy * 100).toFixed(1)}%`);
  const perSource = sourceAccuracy(model, test);

  const outside = typeof outsideDir === 'string' ? await trainOutside(outsideDir, clips, trainAndValidation, test, model, fitChosen) : undefined;
  const crossSource = leaveOneSourceOut(clips, fitChosen, GENRES, outside?.calledOutside);
  const crossSourceIgnoringOutside = outside ? leaveOneSourceOut(clips, fitChosen, GENRES) : crossSource;
  const zeroShot = leaveOneSourceOut(clips, () => zeroShotModel(), GENRES);
  const zeroShotTest = evaluateModel(zeroShotModel(), test);
  log(`zero-shot mapping: leave-one-source-out ${(zeroShot.meanClipAccuracy * 100).toFixed(1)}%, test ${(zeroShotTest.clip.accuracy * 100).toFixed(1)}%`);
  for (const p of crossSource.pairs) {
    log(`  without ${p.source}: ${p.genre} ${(p.clipAccuracy * 100).toFixed(0)}% of ${p.clips} clips${p.counted ? '' : ' (not counted: too few training clips elsewhere)'}`);
  }
  log(`leave-one-source-out: mean clip accuracy ${(crossSource.meanClipAccuracy * 100).toFixed(1)}% over ${crossSource.pairs.filter((p) => p.counted).length} (source, genre) pairs`);
  if (outside) log(`  (clips answered "outside the five" counted as wrong; without that ${(crossSourceIgnoringOutside.meanClipAccuracy * 100).toFixed(1)}%)`);

  const calibration = outside ? { ...outside.calibration, outOfFold: [] } : await fitCalibration(finalClips, fitChosen, seed);
  const testGuesses = await shownGuesses(model, test);
  const calibrationReport = {
    power: calibration.power,
    unsureBelow: calibration.unsureBelow,
    outOfFoldEceBefore: outside ? outside.calibration.eceBefore : calibrationError(calibration.outOfFold, 1),
    outOfFoldEceAfter: outside ? outside.calibration.ece : calibrationError(calibration.outOfFold, calibration.power),
    testEceBefore: calibrationError(testGuesses, 1),
    testEceAfter: calibrationError(testGuesses, calibration.power),
    testWindows: testGuesses.length,
  };
  log(
    `calibration: power ${calibration.power.toFixed(3)}, unsure below ${calibration.unsureBelow}; test ECE ${calibrationReport.testEceBefore.toFixed(3)} -> ${calibrationReport.testEceAfter.toFixed(3)}`,
  );

  const degradations = [];
  for (const d of parseDegradations(REPORT_DEGRADATIONS)) {
    const degraded = await withVariant(test, d);
    const e = evaluateModel(model, degraded);
    degradations.push({ name: d.name, clipAccuracy: e.clip.accuracy, windowAccuracy: e.window.accuracy });
    log(`  test split, ${d.name}: clip accuracy ${(e.clip.accuracy * 100).toFixed(1)}%`);
  }

  // "Not music?" detector: all music of the final fit against every non-music directory given, measured per left-out source.
  let musicDetector: MusicDetector | undefined;
  let notMusic: DetectorReport | undefined;
  if (typeof nonMusicDir === 'string') {
    const trainingVariants = parseDegradations(NONMUSIC_TRAINING_VARIANTS);
    const testVariants = parseDegradations(NONMUSIC_TEST_VARIANTS);
    const nonMusic: NonMusicClip[] = [];
    for (const dir of nonMusicDir.split(',')) nonMusic.push(...(await loadNonMusic(dir, trainingVariants)));
    log(`non-music: ${nonMusic.length} clips from ${new Set(nonMusic.map((c) => c.source)).size} sources`);
    const nonMusicVariants: Record<string, AnalysisWindow[][]> = {};
    for (const v of testVariants) {
      nonMusicVariants[v.name] = [];
      for (const c of nonMusic) nonMusicVariants[v.name]!.push((await analyzeVariantsCached(c.file, [v]))[0]!);
    }
    const bandLimitedCopy = parseDegradation('lowpass=4k');
    const trained = await trainAndMeasureDetector({
      trainMusic: finalClips,
      testMusic: test,
      testMusicBandLimited: { copy: bandLimitedCopy.name, clips: await withVariant(test, bandLimitedCopy) },
      nonMusic,
      nonMusicVariants,
      seed,
      log,
    });
    musicDetector = trained.detector;
    notMusic = trained.report;
    log(
      `not-music detector: ${(notMusic.pooled.original.caughtWithin6s * 100).toFixed(1)}% of ${notMusic.pooled.original.clips} held-out-source clips caught within 6 s; ` +
        `music false alarms ${(notMusic.musicFalseAlarms.rate * 100).toFixed(2)}% of test windows`,
    );
  }

  await mkdir(outDir, { recursive: true });
  const onnxFile = path.join(outDir, 'genre.onnx');
  // The genres and the feature spec live in model.json (parseModelInfo checks them); the ONNX file carries the weights only.
  const onnx = linearModelToOnnx(model);
  await writeFile(onnxFile, onnx);
  const parity = await checkParity(onnxFile, model, test);
  log(`onnx parity: max |onnx - reference| = ${parity.toExponential(2)}`);
  if (outside) {
    const outsideFile = path.join(outDir, 'outside.onnx');
    await writeFile(outsideFile, linearModelToOnnx(outside.head));
    const outsideParity = await checkParity(outsideFile, outside.head, test);
    log(`outside.onnx parity: max |onnx - reference| = ${outsideParity.toExponential(2)}`);
  }

  const splitOf = (part: LabelledClip[]) => part.map((c) => c.id);
  const info: ModelInfo = {
    format: 'genre-lens-model',
    formatVersion: 1,
    genres: [...GENRES],
    kind: chosen.kind,
    spec: { ...toolEar().spec },
    calibration: { power: round(calibration.power), ...(outside ? { outsidePower: outside.calibration.outsidePower } : {}), unsureBelow: calibration.unsureBelow },
    training: {
      data: path.basename(path.resolve(dataDir)),
      clips: clips.length,
      failedClips: failed,
      windows: clips.reduce((a, c) => a + c.windows.length, 0),
      perGenre: Object.fromEntries(GENRES.map((g) => [g, clips.filter((c) => c.genre === g).length])),
      seed,
      augmentedCopies: augment,
      sourceBalance: SOURCE_BALANCE,
      lambda: chosen.lambda,
      selection: selection.map((s) => ({
        kind: s.kind,
        lambda: s.lambda,
        cvClipAccuracy: round(s.cvScore),
        validationClipAccuracy: round(s.validation.clip.accuracy),
        validationWindowAccuracy: round(s.validation.window.accuracy),
      })),
      fittedOn: 'train+validation',
    },
    metrics: {
      test: {
        clipAccuracy: round(testEval.clip.accuracy),
        clipMacroF1: round(testEval.clip.macroF1),
        windowAccuracy: round(testEval.window.accuracy),
        fullWindowAccuracy: round(testEval.fullWindowAccuracy),
        firstGuessAccuracy: round(testEval.firstGuessAccuracy),
        clips: test.length,
        windows: testEval.window.count,
        perSource,
        degraded: degradations.map((d) => ({ name: d.name, clipAccuracy: round(d.clipAccuracy), windowAccuracy: round(d.windowAccuracy) })),
      },
      zeroShot: { leaveOneSourceOut: round(zeroShot.meanClipAccuracy), testClipAccuracy: round(zeroShotTest.clip.accuracy) },
      leaveOneSourceOut: {
        meanClipAccuracy: round(crossSource.meanClipAccuracy),
        meanWindowAccuracy: round(crossSource.meanWindowAccuracy),
        pairs: crossSource.pairs.map((p) => ({ ...p, clipAccuracy: round(p.clipAccuracy), windowAccuracy: round(p.windowAccuracy) })),
      },
      calibration: Object.fromEntries(Object.entries(calibrationReport).map(([k, v]) => [k, round(v)])),
      onnxMaxAbsDifference: parity,
      ...(notMusic ? { notMusic } : {}),
      ...(outside ? { outside: { ...outside.report, leaveOneSourceOutIgnoringOutside: round(crossSourceIgnoringOutside.meanClipAccuracy) } } : {}),
    },
    splits: { train: splitOf(train), validation: splitOf(validation), test: splitOf(test) },
    ...(musicDetector ? { musicDetector } : {}),
    ...(outside ? { outside: outside.lines } : {}),
  };
  await writeFile(path.join(outDir, 'model.json'), formatModelInfo(info, toolEar()));
  const report = buildReport({
    info,
    chosen,
    selection,
    testEval,
    validation: chosen.validation,
    parity,
    perSource,
    notMusic,
    crossSource,
    zeroShot,
    degradations,
    calibration: calibrationReport,
    reliability: {
      before: confidenceAndCorrect(testGuesses, 1),
      after: confidenceAndCorrect(testGuesses, calibration.power),
    },
  });
  await writeFile(path.join(outDir, 'REPORT.md'), report.markdown);
  await writeFile(path.join(outDir, 'confusion.svg'), report.svg);
  await writeFile(path.join(outDir, 'reliability.svg'), report.reliabilitySvg);
  log(`wrote ${onnxFile}, model.json, REPORT.md, confusion.svg in ${Math.round((Date.now() - started) / 1000)} s`);
  return 0;
}

const round = (v: number) => Math.round(v * 10000) / 10000;

/** The clips with their windows replaced by those of a degraded copy. */
async function withVariant(clips: readonly LabelledClip[], degradation: Degradation): Promise<LabelledClip[]> {
  const out: LabelledClip[] = [];
  for (const c of clips) out.push({ ...c, windows: (await analyzeVariantsCached(c.file, [degradation]))[0]!, augmented: [] });
  return out;
}

/**
 * The calibration power from out-of-fold predictions (artist-grouped folds of
 * the final training clips, each predicted by a model fitted without it),
 * replayed through the extension's smoothing; the "Unsure" line from the same.
 */
async function fitCalibration(clips: readonly LabelledClip[], fitPart: (part: readonly LabelledClip[]) => LinearModel, seed: number) {
  const folds = splitByGroup(clips as LabelledClip[], new Array(CV_FOLDS).fill(1 / CV_FOLDS), seed + 2);
  const outOfFold: ShownGuess[] = [];
  for (let k = 0; k < CV_FOLDS; k++) {
    const held = clips.filter((_, i) => folds[i] === k);
    if (held.length > 0) outOfFold.push(...(await shownGuesses(fitPart(clips.filter((_, i) => folds[i] !== k)), held)));
  }
  const power = fitPower(outOfFold);
  const { confidence, correct } = confidenceAndCorrect(outOfFold, power);
  return { power, unsureBelow: chooseUnsureThreshold(confidence, correct), outOfFold };
}

function sourceAccuracy(model: LinearModel, clips: readonly LabelledClip[]): Record<string, { clips: number; accuracy: number }> {
  const out: Record<string, { clips: number; accuracy: number }> = {};
  for (const source of new Set(clips.map((c) => `${c.genre} / ${c.source}`))) {
    const subset = clips.filter((c) => `${c.genre} / ${c.source}` === source);
    out[source] = { clips: subset.length, accuracy: round(evaluateModel(model, subset).clip.accuracy) };
  }
  return out;
}

async function checkParity(onnxFile: string, model: LinearModel, clips: readonly LabelledClip[]): Promise<number> {
  const rows = clips.flatMap((c) => c.windows.map((w) => w.features));
  const classes = model.genres.length;
  const head = await loadHeadFile(onnxFile, toolEar().spec.featureNames.length, classes);
  const outputs = await head.predictRows(rows);
  let max = 0;
  rows.forEach((r, i) => {
    const reference = predictProbabilities(model, r);
    for (let c = 0; c < classes; c++) max = Math.max(max, Math.abs(reference[c]! - outputs[i]![c]!));
  });
  if (max > 1e-4) throw new Error(`exported ONNX model disagrees with the reference scoring (max difference ${max})`);
  return max;
}

/** L2 strengths tried for the outside head (chosen leave-one-source-out on train + validation and the outside clips). */
const OUTSIDE_LAMBDAS = [0.03, 0.3];
/**
 * Not pulled toward YAMNet's AudioSet genre classes: measured leave-one-source-out, the pull (3, as
 * the genre head's) called 14% of five-genre clips outside where no pull called 3–5% at the same
 * lines — YAMNet hears much of the five's music as "Pop music".
 */
const OUTSIDE_PRIOR = 0;
/** Pop weighs twice each other outside genre: the largest share of YouTube's music outside the five. */
const OUTSIDE_POP_WEIGHT = 2;
/**
 * The lines' targets, read 30 s into each clip (what a listener sees once a song is under way):
 * five-genre clips called outside at most 2.5% and "Unsure" at most 4% (issue targets 3% and 5%,
 * with room for clips unlike ours), a named outside genre right at least 70% of the time.
 */
const LINE_TARGETS = { maxFalseOutside: 0.025, maxFiveUnsure: 0.04, minNamedRight: 0.7, seconds: 30 };
/** What the badge shows is reported at these seconds of a clip (REPORT.md, model.json's metrics.shown). */
const SHOWN_AT = [10, 30];

/**
 * The outside head and the posterior over all music: λ, the two heads' calibration powers and the
 * lines chosen on leave-one-source-out predictions of train + validation and the outside clips
 * (replayed through the live decision: evidence per song, posterior, lines); the head refitted on
 * them; measured leave-one-source-out on every clip (the five-genre figures then count clips
 * answered "outside" as wrong).
 */
async function trainOutside(
  dir: string,
  clips: readonly LabelledClip[],
  trainAndValidation: readonly LabelledClip[],
  test: readonly LabelledClip[],
  genreHead: LinearModel,
  fitGenre: (part: readonly LabelledClip[]) => LinearModel,
) {
  const names = OUTSIDE_CLASSES.slice(1);
  const scan = await scanDataset(dir, names);
  for (const s of scan.skipped) log(`  outside: skipped folder "${s.name}" (${s.count} files): not one of ${names.join(', ')}`);
  const { ok } = await extractAll(scan.clips);
  const other: OutsideClip[] = ok.map((c) => ({ ...c, outsideClass: OUTSIDE_CLASSES.indexOf(c.genre) }));
  const asFive = (part: readonly LabelledClip[]): OutsideClip[] => part.map((c) => ({ ...c, outsideClass: 0 }));
  log(`outside the five: ${other.length} clips of ${names.join(', ')} from ${new Set(other.map((c) => c.source)).size} sources`);
  const base = { classes: [...OUTSIDE_CLASSES], enterAbove: 1, leaveBelow: 1, nameAbove: 1 };
  /** Powers and lines for one λ's leave-one-source-out predictions of a pool. */
  const tune = async (pool: PoolClip[], predictions: PoolPredictions) => {
    const powers = fitPowers(pool, predictions, OUTSIDE_CLASSES.length, SHOWN_AT, LINE_TARGETS);
    const calibration = { power: powers.power, outsidePower: powers.outsidePower, unsureBelow: 0 };
    const lines = await chooseLines({ genres: [...GENRES], calibration, outside: base }, pool, predictions, LINE_TARGETS);
    const model: LiveModel = { genres: [...GENRES], calibration: { ...calibration, unsureBelow: lines.unsureBelow }, outside: lines.outside };
    const before = fitPowers(pool, predictions, OUTSIDE_CLASSES.length, SHOWN_AT, LINE_TARGETS, { power: 1, outsidePower: 1 }).ece;
    return { model, ece: powers.ece, eceBefore: before };
  };
  const selectionPool = [...asFive(trainAndValidation), ...other];
  const selectionGenre = outOfSourceGenrePredictions(selectionPool, fitGenre);
  const selection = [];
  for (const lambda of OUTSIDE_LAMBDAS) {
    const options = { lambda, prior: OUTSIDE_PRIOR, popWeight: OUTSIDE_POP_WEIGHT };
    const predictions = { genre: selectionGenre, outside: outOfSourcePredictions(selectionPool, options) };
    const tuned = await tune(selectionPool, predictions);
    const figures = poolFigures(selectionPool, await replayPool(tuned.model, selectionPool, predictions), LINE_TARGETS.seconds, (c) => c.genre);
    const confidentWrong = (figures.five.confidentWrong + figures.outside.confidentWrong) / selectionPool.length;
    log(
      `  outside λ=${lambda}: calibration ${JSON.stringify(tuned.model.calibration)}, lines ${JSON.stringify(tuned.model.outside)}; at 30 s: ` +
        `five right ${figures.five.right}/${figures.five.clips}, outside said ${figures.outside.outside}/${figures.outside.clips}, confidently wrong ${(confidentWrong * 100).toFixed(1)}% of the pool`,
    );
    selection.push({ options, tuned, confidentWrong, figures });
  }
  const chosen = [...selection].sort((a, b) => a.confidentWrong - b.confidentWrong)[0]!;
  const head = fitOutsideHead(selectionPool, chosen.options);
  // Figures on every clip (test split included), each predicted by heads fitted without its source.
  const everything = [...asFive(clips), ...other];
  const predictions = { genre: outOfSourceGenrePredictions(everything, fitGenre), outside: outOfSourcePredictions(everything, chosen.options) };
  const replays = await replayPool(chosen.tuned.model, everything, predictions);
  const shown = SHOWN_AT.map((seconds) => poolFigures(everything, replays, seconds, (c) => c.genre));
  const at30 = shown.find((f) => f.seconds === LINE_TARGETS.seconds)!;
  const calledOutside = new Set(everything.filter((c) => c.outsideClass === 0 && shownAt(replays.get(c)!, LINE_TARGETS.seconds)?.outside).map((c) => c.id));
  const testIds = new Set(test.map((c) => c.id));
  const naming = outsideNaming(everything, replays, LINE_TARGETS.seconds, OUTSIDE_CLASSES);
  const named = Object.values(naming).reduce((a, g) => ({ named: a.named + g.named, namedRight: a.namedRight + g.namedRight }), { named: 0, namedRight: 0 });
  for (const f of shown) {
    log(
      `shown at ${f.seconds} s (leave-one-source-out): five ${JSON.stringify(f.five)}; outside ${JSON.stringify(f.outside)}; ECE ${f.ece.toFixed(3)}`,
    );
  }
  // Which of the five the shipped genre head would say for each outside genre (where Country belongs, REPORT.md).
  const heardAs: Record<string, Record<string, number>> = {};
  for (const c of other) {
    const top = GENRES[argmax(averageProbabilities(c.windows.map((w) => predictProbabilities(genreHead, w.features))))]!;
    heardAs[c.genre] ??= {};
    heardAs[c.genre]![top] = (heardAs[c.genre]![top] ?? 0) + 1;
  }
  const leaveOneSourceOut = {
    said: at30.outside.outside,
    named: named.named,
    namedRight: named.namedRight,
    outsideClips: at30.outside.clips,
    falseOutside: at30.five.outside,
    fiveClips: at30.five.clips,
    perGenre: naming,
    perSource: Object.fromEntries(
      Object.entries(at30.perSource).map(([s, v]) => [s, { outsideClips: v.outside.clips, said: v.outside.outside, fiveClips: v.five.clips, calledOutside: v.five.outside }]),
    ),
    falseOutsidePerGenre: Object.fromEntries(
      GENRES.map((g) => [g, { clips: at30.perGenre[g]?.clips ?? 0, calledOutside: at30.perGenre[g]?.outside ?? 0 }]),
    ),
  };
  return {
    head,
    lines: chosen.tuned.model.outside!,
    calibration: { ...(chosen.tuned.model.calibration as Required<Calibration>), ece: round(chosen.tuned.ece), eceBefore: round(chosen.tuned.eceBefore) },
    calledOutside,
    shown,
    report: {
      lambda: chosen.options.lambda,
      prior: chosen.options.prior,
      popWeight: chosen.options.popWeight,
      targets: LINE_TARGETS,
      selection: selection.map((s) => ({ lambda: s.options.lambda, lines: s.tuned.model.outside, recall: round(s.figures.outside.outside / s.figures.outside.clips), confidentWrong: round(s.confidentWrong) })),
      clips: other.length,
      leaveOneSourceOut,
      testFiveCalledOutside: [...calledOutside].filter((id) => testIds.has(id)).length,
      heardAs,
      testFiveClips: test.length,
      shown: shown.map(({ reliability, ...f }) => f),
      unsureTradeOff: unsureTradeOff(everything, replays, LINE_TARGETS.seconds, [...new Set([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, chosen.tuned.model.calibration!.unsureBelow])].sort((a, b) => a - b)),
      reliability: at30.reliability,
    },
  };
}

runCli('train', main);
