/**
 * The linear genre model: standardisation, then one-vs-rest logistic
 * regression (sigmoid scores normalised to sum 1) or multinomial (softmax).
 * This is the reference the exported ONNX graph must match.
 */
import { type Calibration, isCalibration } from './calibration.ts';
import { isMusicDetector, type MusicDetector } from './musicness.ts';
import { isOutsideModel, type OutsideModel } from './outside.ts';
import type { Ear } from './ear.ts';
import { assertSpecCompatible, type FeatureSpec, SHIPPED_EAR } from './spec.ts';

export type ModelKind = 'ovr' | 'multinomial';

export interface LinearModel {
  kind: ModelKind;
  genres: string[];
  /** Per-feature mean and scale used for standardisation: z = (x - mean) / scale. */
  mean: number[];
  scale: number[];
  /** weights[c][f] for class c, feature f, on standardised features. */
  weights: number[][];
  bias: number[];
}

/** What `npm run train` records about how the model was made (REPORT.md reads it). */
export interface TrainingRecord {
  data: string;
  clips: number;
  failedClips: string[];
  windows: number;
  perGenre: Record<string, number>;
  seed: number;
  [key: string]: unknown;
}

/** model.json: the model's description, written by `npm run train` through formatModelInfo, read through parseModelInfo. */
export interface ModelInfo {
  format: 'genre-lens-model';
  formatVersion: 1;
  genres: string[];
  kind: ModelKind;
  spec: FeatureSpec;
  calibration?: Calibration;
  musicDetector?: MusicDetector;
  /** "Not one of the five": the outside head's classes and lines (its weights are model/outside.onnx). */
  outside?: OutsideModel;
  training?: TrainingRecord;
  /** Measurements of the model (REPORT.md); never read by the extension. */
  metrics?: Record<string, unknown>;
  /** Clip ids of each split, so `evaluate --split test` measures exactly the held-out clips. */
  splits?: Record<'train' | 'validation' | 'test', string[]>;
}
/** Class probabilities for one feature vector. */
export function predictProbabilities(model: LinearModel, features: ArrayLike<number>): Float64Array {
  const classes = model.weights.length;
  const scores = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    const w = model.weights[c]!;
    let s = model.bias[c]!;
    for (let f = 0; f < w.length; f++) s += w[f]! * ((features[f]! - model.mean[f]!) / model.scale[f]!);
    scores[c] = s;
  }
  return model.kind === 'multinomial' ? softmax(scores) : normalizedSigmoid(scores);
}

export function softmax(scores: Float64Array): Float64Array {
  const max = Math.max(...scores);
  const out = scores.map((s) => Math.exp(s - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

export function normalizedSigmoid(scores: Float64Array): Float64Array {
  const out = scores.map((s) => 1 / (1 + Math.exp(-s)));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

/** Averages probability vectors (how a clip's windows become one clip prediction). */
export function averageProbabilities(rows: readonly ArrayLike<number>[]): Float64Array {
  if (rows.length === 0) throw new RangeError('nothing to average');
  const out = new Float64Array(rows[0]!.length);
  for (const r of rows) for (let i = 0; i < out.length; i++) out[i]! += r[i]!;
  for (let i = 0; i < out.length; i++) out[i]! /= rows.length;
  return out;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * model.json's text → a ModelInfo this code can use, or an error saying what is wrong: the one
 * reader (the engine after its digest check, and every tool). Widths are checked here: the
 * detector must read the feature code's features, the calibration must be usable.
 */
export function parseModelInfo(json: unknown, ear: Pick<Ear, 'spec'> = SHIPPED_EAR): ModelInfo {
  if (!json || typeof json !== 'object') throw new Error('model.json is not a JSON object');
  const info = json as Partial<ModelInfo>;
  if (info.format !== 'genre-lens-model') throw new Error('model.json is not a Genre Lens model description');
  if (info.formatVersion !== 1) throw new Error(`model.json has format version ${String(info.formatVersion)}; this code reads version 1`);
  if (!Array.isArray(info.genres) || info.genres.length < 2 || !info.genres.every((g) => typeof g === 'string' && g.length > 0)) {
    throw new Error('model.json lists no genres');
  }
  if (info.kind !== 'ovr' && info.kind !== 'multinomial') throw new Error(`model.json has an unknown model kind ${String(info.kind)}`);
  assertSpecCompatible(info.spec, ear.spec);
  const width = info.spec!.featureNames.length;
  if (info.calibration !== undefined && !isCalibration(info.calibration)) throw new Error('model.json has an unusable calibration block');
  if (info.musicDetector !== undefined) {
    if (!isMusicDetector(info.musicDetector)) throw new Error('model.json has an unusable "not music" detector block');
    if (info.musicDetector.weights.length !== width) {
      throw new Error(`model.json's detector reads ${info.musicDetector.weights.length} features, the feature code makes ${width}`);
    }
  }
  if (info.outside !== undefined && !isOutsideModel(info.outside)) throw new Error('model.json has an unusable "outside the five" block');
  if (info.splits !== undefined) {
    const splits = info.splits as Record<string, unknown>;
    for (const name of ['train', 'validation', 'test']) {
      const ids = splits[name];
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new Error(`model.json's ${name} split is not a list of clip ids`);
    }
  }
  return info as ModelInfo;
}

/** model.json's text for a ModelInfo (the one writer: `npm run train`). */
export function formatModelInfo(info: ModelInfo, ear: Pick<Ear, 'spec'> = SHIPPED_EAR): string {
  return `${JSON.stringify(parseModelInfo(info, ear), null, 1)}\n`;
}

/** A head's ONNX model (genre.onnx, outside.onnx) must read the feature code's `features` and give one probability per class (a dynamic size passes). */
export function assertOnnxShapes(
  inputShape: readonly unknown[] | undefined,
  outputShape: readonly unknown[] | undefined,
  file: string,
  features: number,
  classCount: number,
): void {
  const width = inputShape?.at(-1);
  if (typeof width === 'number' && width !== features) throw new Error(`${file} reads ${width} features, the feature code makes ${features}`);
  const classes = outputShape?.at(-1);
  if (typeof classes === 'number' && classes !== classCount) throw new Error(`${file} gives ${classes} probabilities, model.json lists ${classCount} classes`);
}
