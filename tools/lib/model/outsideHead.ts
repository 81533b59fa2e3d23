/**
 * The "outside the five" head (src/core/outside.ts): a multinomial logistic regression over the
 * window features whose classes are "one of the five" and the outside genres it names, fitted on
 * the five genres' clips and ../shared/other's, its weights pulled toward YAMNet's own AudioSet
 * genre classes (as the genre head is pulled toward its zero-shot mapping); its lines (when to say
 * "outside", when to name a genre) are chosen with the calibration on leave-one-source-out
 * predictions of all music (pool.ts), never the test split.
 */
import { GENRES, OUTSIDE_GENRES } from '../../../src/core/genres.ts';
import { type LinearModel, predictProbabilities } from '../../../src/core/model.ts';
import { FIVE_CLASS } from '../../../src/core/outside.ts';
import { toolEar } from './ears.ts';
import { fitLogistic, standardize, standardizer } from './logistic.ts';
import type { LabelledClip } from './training.ts';
import { TRAIN_STRIDE } from './training.ts';

export const OUTSIDE_CLASSES = [FIVE_CLASS, ...OUTSIDE_GENRES.map((g) => g.name)];

/** A clip for the outside head: its class (0: one of the five). */
export interface OutsideClip extends LabelledClip {
  outsideClass: number;
}

export interface OutsideFitOptions {
  lambda: number;
  /** Strength of the pull toward the AudioSet genre classes (each class's logit = this × its classes' mean log-score). */
  prior: number;
  /** Pop's weight against each other outside genre (it is most of YouTube's music outside the five). */
  popWeight: number;
}

/** Within a class, a (source, genre) group's weight grows as count^0.5: a big source cannot define its class alone. */
const SOURCE_BALANCE = 0.5;

export function fitOutsideHead(clips: readonly OutsideClip[], options: OutsideFitOptions): LinearModel {
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  const keys: string[] = [];
  for (const c of clips) {
    for (let i = 0; i < c.windows.length; i += TRAIN_STRIDE) {
      rows.push(c.windows[i]!.features);
      labels.push(c.outsideClass);
      keys.push(`${c.outsideClass}|${c.source}|${c.genre}`);
    }
  }
  const classes = OUTSIDE_CLASSES.length;
  const d = toolEar().spec.featureNames.length;
  const { mean, scale } = standardizer(rows, d);
  // "One of the five" weighs as much as all outside genres together; among those, Pop counts popWeight times.
  const share = OUTSIDE_CLASSES.map((name, c) => (c === 0 ? 1 : (name === 'Pop' ? options.popWeight : 1) / (classes - 2 + options.popWeight)));
  const count = new Map<string, number>();
  for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  const raw = keys.map((k) => count.get(k)! ** -(1 - SOURCE_BALANCE));
  const total = new Array<number>(classes).fill(0);
  raw.forEach((w, i) => {
    total[labels[i]!]! += w;
  });
  const weights = Float64Array.from(raw, (w, i) => (w / total[labels[i]!]!) * share[labels[i]!]!);
  const fit = fitLogistic(
    { x: standardize(rows, mean, scale), n: rows.length, d, y: Int32Array.from(labels), w: weights },
    classes,
    'multinomial',
    options.lambda,
    300,
    audioSetPrior(scale, options.prior),
  );
  return { kind: 'multinomial', genres: [...OUTSIDE_CLASSES], mean, scale, weights: fit.weights, bias: fit.bias };
}

/** Prior weights on standardised features: each outside genre's logit from its AudioSet classes' log-scores, "one of the five" from the five's zero-shot log-scores. */
function audioSetPrior(scale: readonly number[], strength: number): number[][] {
  const names = toolEar().spec.featureNames;
  return OUTSIDE_CLASSES.map((name, c) =>
    names.map((feature, j) => {
      if (c === 0) return feature.startsWith('zeroShot.') ? (strength / GENRES.length) * scale[j]! : 0;
      const ks = toolEar().outputs.genreClasses[name]!;
      return ks.some((k) => feature === `logScore.${k}`) ? (strength / ks.length) * scale[j]! : 0;
    }),
  );
}

/** Leave-one-source-out: each clip's window probabilities from a head fitted without its source. */
export function outOfSourcePredictions(clips: readonly OutsideClip[], options: OutsideFitOptions): Map<OutsideClip, Float64Array[]> {
  const out = new Map<OutsideClip, Float64Array[]>();
  for (const source of [...new Set(clips.map((c) => c.source))].sort()) {
    const head = fitOutsideHead(
      clips.filter((c) => c.source !== source),
      options,
    );
    for (const c of clips.filter((x) => x.source === source)) out.set(c, c.windows.map((w) => predictProbabilities(head, w.features)));
  }
  return out;
}

export interface OutsideMeasure {
  /** Outside-five clips answered "outside" / of them named / named right, per genre and per source. */
  perGenre: Record<string, { clips: number; said: number; named: number; namedRight: number }>;
  perSource: Record<string, { outsideClips: number; said: number; fiveClips: number; calledOutside: number }>;
  said: number;
  named: number;
  namedRight: number;
  outsideClips: number;
  /** Five-genre clips called outside. */
  falseOutside: number;
  fiveClips: number;
  /** Five-genre clips called outside, per genre. */
  falseOutsidePerGenre: Record<string, { clips: number; calledOutside: number }>;
}
