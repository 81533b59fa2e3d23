/**
 * "Not music?": a small logistic regression (music vs speech/noise), trained
 * by `npm run train` with the same window features, stored in model.json. The
 * live decision smooths its probability so one odd window does not flip it.
 */
export interface MusicDetector {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Below this (smoothed) music probability, the audio is called "not music". */
  threshold: number;
}

export function musicProbability(detector: MusicDetector, features: ArrayLike<number>): number {
  let s = detector.bias;
  for (let f = 0; f < detector.weights.length; f++) s += detector.weights[f]! * ((features[f]! - detector.mean[f]!) / detector.scale[f]!);
  return 1 / (1 + Math.exp(-s));
}

export function isMusicDetector(value: unknown): value is MusicDetector {
  const d = value as MusicDetector;
  return (
    !!d &&
    Array.isArray(d.weights) &&
    Array.isArray(d.mean) &&
    Array.isArray(d.scale) &&
    d.weights.length === d.mean.length &&
    d.mean.length === d.scale.length &&
    Number.isFinite(d.bias) &&
    Number.isFinite(d.threshold)
  );
}

/** Smoothed music / not-music decision over consecutive windows. */
export class MusicGate {
  private average: number | undefined;

  constructor(
    private readonly detector: MusicDetector | undefined,
    private readonly alpha = 0.3,
  ) {}

  /** Feeds one window; returns true when the audio currently sounds like music. */
  push(features: ArrayLike<number>): boolean {
    if (!this.detector) return true;
    const p = musicProbability(this.detector, features);
    this.average = this.average === undefined ? p : this.average + this.alpha * (p - this.average);
    return this.isMusic;
  }

  get isMusic(): boolean {
    return !this.detector || this.average === undefined || this.average >= this.detector.threshold;
  }

  get probability(): number | undefined {
    return this.average;
  }

  reset(): void {
    this.average = undefined;
  }
}
