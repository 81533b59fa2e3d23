/**
 * Calibrated certainty: the model's (smoothed) probabilities are sharpened or
 * flattened by one power, p_i^a / sum_j p_j^a — temperature scaling (T = 1/a)
 * on log-probabilities. `a` is fitted by `npm run train` on held-out
 * predictions, after the extension's smoothing, and stored in model.json, so
 * "80%" on the badge means right about 80% of the time.
 */
export interface Calibration {
  /** Exponent applied to each probability before renormalising (1 = unchanged). */
  power: number;
  /** Below this calibrated top probability the guess is shown as "Unsure". */
  unsureBelow: number;
}

export function isCalibration(value: unknown): value is Calibration {
  const c = value as Calibration;
  return !!c && Number.isFinite(c.power) && c.power > 0 && Number.isFinite(c.unsureBelow) && c.unsureBelow >= 0 && c.unsureBelow < 1;
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
