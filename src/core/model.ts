/**
 * The linear genre model: standardisation, then one-vs-rest logistic
 * regression (sigmoid scores normalised to sum 1) or multinomial (softmax).
 * This is the reference the exported ONNX graph must match.
 */
import { assertSpecCompatible, type FeatureSpec } from './spec.ts';

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

export interface ModelInfo {
  format: 'genre-lens-model';
  formatVersion: 1;
  genres: string[];
  kind: ModelKind;
  spec: FeatureSpec;
  [key: string]: unknown;
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

/** Validates model.json contents; throws a readable error when it cannot be used with this code. */
export function parseModelInfo(json: unknown): ModelInfo {
  if (!json || typeof json !== 'object') throw new Error('model.json is not a JSON object');
  const info = json as Partial<ModelInfo>;
  if (info.format !== 'genre-lens-model') throw new Error('model.json is not a Genre Lens model description');
  if (!Array.isArray(info.genres) || info.genres.length < 2) throw new Error('model.json lists no genres');
  assertSpecCompatible(info.spec);
  return info as ModelInfo;
}
