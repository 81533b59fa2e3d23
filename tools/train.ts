/**
 * npm run train -- --data DIR [--out model/] [--seed N]
 * Extracts features with the shared streaming analyzer, splits clips by artist
 * into train / validation / test, picks the L2 strength by grouped
 * cross-validation on train and the model kind (one-vs-rest or multinomial)
 * on validation, refits on train + validation, reports on test, and exports
 * model/genre.onnx, model/model.json and model/REPORT.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENRES } from '../src/core/genres.ts';
import { type LinearModel, type ModelInfo, type ModelKind, predictProbabilities } from '../src/core/model.ts';
import { FEATURE_SPEC } from '../src/core/spec.ts';
import { parseArgs, runCli, UsageError } from './lib/cli.ts';
import { scanDataset } from './lib/dataset.ts';
import type { Evaluation } from './lib/evaluation.ts';
import { OnnxGenreModel } from './lib/onnxRunner.ts';
import { linearModelToOnnx } from './lib/onnxWriter.ts';
import { buildReport } from './lib/report.ts';
import type { MusicDetector } from '../src/core/musicness.ts';
import { type DetectorMetrics, fitMusicDetector, loadNonMusic, measureDetector } from './lib/musicDetector.ts';
import { splitByGroup } from './lib/split.ts';
import { evaluateModel, extractAll, fitModel, type LabelledClip } from './lib/training.ts';

const LAMBDAS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1];
const KINDS: ModelKind[] = ['ovr', 'multinomial'];
const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
const SPLIT_FRACTIONS = [0.6, 0.2, 0.2];
const CV_FOLDS = 4;

const log = (message: string) => process.stderr.write(`${message}\n`);

function crossValidate(clips: readonly LabelledClip[], kind: ModelKind, lambda: number, seed: number): number {
  const folds = splitByGroup(clips as LabelledClip[], new Array(CV_FOLDS).fill(1 / CV_FOLDS), seed + 1);
  let correct = 0;
  let logLoss = 0;
  let windows = 0;
  for (let k = 0; k < CV_FOLDS; k++) {
    const train = clips.filter((_, i) => folds[i] !== k);
    const held = clips.filter((_, i) => folds[i] === k);
    if (held.length === 0) continue;
    const model = fitModel(train, kind, lambda);
    const e = evaluateModel(model, held);
    correct += e.clip.accuracy * held.length;
    for (const c of held) {
      for (const w of c.windows) {
        logLoss -= Math.log(Math.max(1e-9, predictProbabilities(model, w.features)[c.genreIndex]!));
        windows++;
      }
    }
  }
  // Clip accuracy first; window log-loss breaks ties.
  return correct / clips.length - (logLoss / windows) * 1e-3;
}

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ['data', 'out', 'seed', 'nonmusic']);
  const dataDir = flags.get('data');
  if (typeof dataDir !== 'string') throw new UsageError('usage: npm run train -- --data DIR [--out model/] [--seed N] [--nonmusic DIR]');
  const nonMusicDir = flags.get('nonmusic');
  const outDir = typeof flags.get('out') === 'string' ? (flags.get('out') as string) : 'model';
  const seed = Number(flags.get('seed') ?? 7);
  const started = Date.now();

  const scan = await scanDataset(dataDir, GENRES);
  for (const s of scan.skipped) log(`  skipped folder "${s.name}" (${s.count} files): not one of ${GENRES.join(', ')}`);
  if (scan.clips.length === 0) throw new Error(`${dataDir}: no labelled audio clips found`);
  log(`found ${scan.clips.length} clips in ${dataDir}`);
  const { ok: clips, failed } = await extractAll(scan.clips);
  for (const g of GENRES) {
    if (!clips.some((c) => c.genre === g)) throw new Error(`no usable clips of ${g}: cannot train all ${GENRES.length} genres`);
  }

  const assignment = splitByGroup(clips, SPLIT_FRACTIONS, seed);
  const parts = SPLIT_NAMES.map((_, p) => clips.filter((_, i) => assignment[i] === p));
  const [train, validation, test] = parts as [LabelledClip[], LabelledClip[], LabelledClip[]];
  log(`split by artist: ${parts.map((p, i) => `${SPLIT_NAMES[i]} ${p.length}`).join(', ')} clips`);

  const selection: { kind: ModelKind; lambda: number; cvScore: number; validation: Evaluation }[] = [];
  for (const kind of KINDS) {
    let best = { lambda: LAMBDAS[0]!, score: Number.NEGATIVE_INFINITY };
    for (const lambda of LAMBDAS) {
      const score = crossValidate(train, kind, lambda, seed);
      log(`  cv ${kind} lambda=${lambda}: clip accuracy ${(score * 100).toFixed(1)}%`);
      if (score > best.score) best = { lambda, score };
    }
    const validationEval = evaluateModel(fitModel(train, kind, best.lambda), validation);
    log(`  ${kind}: lambda=${best.lambda}, validation clip accuracy ${(validationEval.clip.accuracy * 100).toFixed(1)}%`);
    selection.push({ kind, lambda: best.lambda, cvScore: best.score, validation: validationEval });
  }
  const chosen = [...selection].sort(
    (a, b) => b.validation.clip.accuracy - a.validation.clip.accuracy || b.validation.window.accuracy - a.validation.window.accuracy,
  )[0]!;
  log(`chosen: ${chosen.kind}, lambda=${chosen.lambda}`);

  const finalClips = [...train, ...validation];
  const model = fitModel(finalClips, chosen.kind, chosen.lambda);
  const testEval = evaluateModel(model, test);
  log(`test: clip accuracy ${(testEval.clip.accuracy * 100).toFixed(1)}%, window ${(testEval.window.accuracy * 100).toFixed(1)}%`);
  const perSource = sourceAccuracy(model, test);

  // "Not music?" detector: music (train + validation) vs generated non-music, every 4th non-music clip held out.
  let musicDetector: MusicDetector | undefined;
  let notMusic: DetectorMetrics | undefined;
  if (typeof nonMusicDir === 'string') {
    const nonMusic = await loadNonMusic(nonMusicDir);
    musicDetector = fitMusicDetector(
      finalClips,
      nonMusic.filter((_, i) => i % 4 !== 0).map((c) => c.windows),
    );
    notMusic = measureDetector(
      musicDetector,
      test.map((c) => c.windows),
      nonMusic.filter((_, i) => i % 4 === 0),
    );
    log(`not-music detector: ${(notMusic.musicClipFalseAlarm * 100).toFixed(1)}% false alarms on test music clips, ${(notMusic.nonMusicClipDetection * 100).toFixed(1)}% of held-out non-music detected`);
  }

  await mkdir(outDir, { recursive: true });
  const onnxFile = path.join(outDir, 'genre.onnx');
  const onnx = linearModelToOnnx(model, { genres: JSON.stringify(GENRES), featureSpec: JSON.stringify(FEATURE_SPEC) });
  await writeFile(onnxFile, onnx);
  const parity = await checkParity(onnxFile, model, test);
  log(`onnx parity: max |onnx - reference| = ${parity.toExponential(2)}`);

  const splitOf = (part: LabelledClip[]) => part.map((c) => c.id);
  const info: ModelInfo = {
    format: 'genre-lens-model',
    formatVersion: 1,
    genres: [...GENRES],
    kind: chosen.kind,
    spec: { ...FEATURE_SPEC },
    trainedAt: new Date().toISOString(),
    training: {
      data: path.basename(path.resolve(dataDir)),
      clips: clips.length,
      failedClips: failed,
      windows: clips.reduce((a, c) => a + c.windows.length, 0),
      perGenre: Object.fromEntries(GENRES.map((g) => [g, clips.filter((c) => c.genre === g).length])),
      seed,
      lambda: chosen.lambda,
      selection: selection.map((s) => ({
        kind: s.kind,
        lambda: s.lambda,
        cvClipAccuracy: round(s.cvScore),
        validationClipAccuracy: round(s.validation.clip.accuracy),
        validationWindowAccuracy: round(s.validation.window.accuracy),
      })),
      fittedOn: 'train+validation',
      seconds: Math.round((Date.now() - started) / 1000),
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
      },
      onnxMaxAbsDifference: parity,
    },
    splits: { train: splitOf(train), validation: splitOf(validation), test: splitOf(test) },
    ...(musicDetector ? { musicDetector } : {}),
  };
  if (notMusic) (info.metrics as Record<string, unknown>).notMusic = notMusic;
  await writeFile(path.join(outDir, 'model.json'), `${JSON.stringify(info, null, 1)}\n`);
  const report = buildReport({ info, chosen, selection, testEval, validation: chosen.validation, parity, perSource, notMusic });
  await writeFile(path.join(outDir, 'REPORT.md'), report.markdown);
  await writeFile(path.join(outDir, 'confusion.svg'), report.svg);
  log(`wrote ${onnxFile}, model.json, REPORT.md, confusion.svg in ${Math.round((Date.now() - started) / 1000)} s`);
  return 0;
}

const round = (v: number) => Math.round(v * 10000) / 10000;

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
  const session = await OnnxGenreModel.load(onnxFile, FEATURE_SPEC.featureNames.length, GENRES.length);
  const outputs = await session.predict(rows);
  let max = 0;
  rows.forEach((r, i) => {
    const reference = predictProbabilities(model, r);
    for (let c = 0; c < GENRES.length; c++) max = Math.max(max, Math.abs(reference[c]! - outputs[i]![c]!));
  });
  if (max > 1e-4) throw new Error(`exported ONNX model disagrees with the reference scoring (max difference ${max})`);
  return max;
}

runCli('train', main);
