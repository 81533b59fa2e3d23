/**
 * Calibrated certainty over all music: each head's song evidence (songEvidence.ts) is sharpened
 * or flattened by its own power, p_i^a / sum_j p_j^a — temperature scaling (T = 1/a) on
 * log-probabilities — and the shown probability of a genre of the five is
 * P(genre) = P(one of the five) · P(genre | one of the five), the first from the outside head,
 * the second from the genre head. The powers are fitted by `npm run train` on
 * leave-one-source-out predictions of the five's and the outside music together, so "80%" on the
 * badge means right about 80% of the time whatever music plays, and "Rock 96%" cannot come from a
 * head sure among five wrong choices while the outside head doubts it is one of the five.
 */
export interface Calibration {
  /** Exponent applied to the genre head's probabilities before renormalising (1 = unchanged). */
  power: number;
  /** The same for the outside head's (1 when absent). */
  outsidePower?: number;
  /** Below this calibrated probability of the shown genre the guess is shown as "Unsure". */
  unsureBelow: number;
}

export function isCalibration(value: unknown): value is Calibration {
  const c = value as Calibration;
  const power = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return (
    !!c && power(c.power) && (c.outsidePower === undefined || power(c.outsidePower)) && Number.isFinite(c.unsureBelow) && c.unsureBelow >= 0 && c.unsureBelow < 1
  );
}

/** One posterior over all music, from the two heads' evidence. */
export interface Posterior {
  /** P(genre) for each of the five: P(one of the five) · P(genre | one of the five). */
  genres: Float64Array;
  /** The outside head's calibrated probabilities (its first class: one of the five), when there is one. */
  outside: Float64Array | undefined;
  /** P(none of the five). */
  outsideProbability: number;
}

export function posterior(genre: ArrayLike<number>, outside: ArrayLike<number> | undefined, calibration: Calibration | undefined): Posterior {
  const genres = calibrate(genre, calibration?.power ?? 1);
  const outsideCalibrated = outside && calibrate(outside, calibration?.outsidePower ?? 1);
  const five = outsideCalibrated ? outsideCalibrated[0]! : 1;
  for (let i = 0; i < genres.length; i++) genres[i]! *= five;
  return { genres, outside: outsideCalibrated, outsideProbability: 1 - five };
}

export function calibrate(probabilities: ArrayLike<number>, power: number): Float64Array {
  const out = new Float64Array(probabilities.length);
  // In log space, so very small probabilities raised to a large power do not underflow to an all-zero vector.
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < out.length; i++) {
    out[i] = power * Math.log(Math.max(probabilities[i]!, 1e-300));
    if (out[i]! > max) max = out[i]!;
  }
  let sum = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.exp(out[i]! - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Expected calibration error of top-1 confidence: |accuracy - confidence| per equal-width bin, weighted by the bin's share. */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 10): number {
  const stats = reliabilityBins(confidence, correct, bins);
  const n = confidence.length;
  return stats.reduce((a, b) => a + (b.count / n) * Math.abs(b.accuracy - b.confidence), 0);
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence and accuracy of the predictions in the bin (0 when empty). */
  confidence: number;
  accuracy: number;
}

export function reliabilityBins(confidence: readonly number[], correct: readonly boolean[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({ lower: b / bins, upper: (b + 1) / bins, count: 0, confidence: 0, accuracy: 0 }));
  confidence.forEach((c, i) => {
    const bin = out[Math.min(bins - 1, Math.floor(c * bins))]!;
    bin.count++;
    bin.confidence += c;
    bin.accuracy += correct[i] ? 1 : 0;
  });
  for (const b of out) {
    if (b.count > 0) {
      b.confidence /= b.count;
      b.accuracy /= b.count;
    }
  }
  return out;
}
