/**
 * Statistics of frame features over a window of consecutive frames,
 * producing the feature vector named by FEATURE_SPEC.featureNames.
 */
import { FRAME_FEATURES } from './spec.ts';

const FRAME_COUNT = FRAME_FEATURES.length;
const TEMPO_MIN_BPM = 40;
const TEMPO_MAX_BPM = 200;

const onsetIndices = ['onset', 'onsetLow'].map((name) => FRAME_FEATURES.findIndex((f) => f.name === name));
const chromaIndices = FRAME_FEATURES.flatMap((f, i) => (f.stat === 'pitch' ? [i] : []));
const tonalIndices = FRAME_FEATURES.flatMap((f, i) => (f.stat === 'tonal' ? [i] : []));

/**
 * Ring buffer of frame feature vectors holding the most recent `capacity` frames.
 */
export class FrameRing {
  private readonly data: Float32Array;
  private next = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.data = new Float32Array(capacity * FRAME_COUNT);
  }

  push(frame: Float32Array): void {
    this.data.set(frame.subarray(0, FRAME_COUNT), this.next * FRAME_COUNT);
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  clear(): void {
    this.next = 0;
    this.size = 0;
  }

  /** Forgets all but the newest `count` frames. */
  truncate(count: number): void {
    this.size = Math.min(this.size, count);
  }

  /** Value of feature `f` in the `i`-th of the last `count` frames (oldest first). */
  value(i: number, f: number, count: number): number {
    const slot = (this.next - count + i + this.capacity) % this.capacity;
    return this.data[slot * FRAME_COUNT + f]!;
  }
}

/** Computes window features over the last `frameCount` frames of `ring` into `out`. */
export function windowFeatures(ring: FrameRing, frameCount: number, framesPerSecond: number, out: Float32Array): void {
  const n = Math.min(frameCount, ring.size);
  if (n < 2) throw new RangeError('a window needs at least two frames');
  let o = 0;
  const means = new Float64Array(FRAME_COUNT);
  const series = new Float64Array(n);
  for (let f = 0; f < FRAME_COUNT; f++) {
    let sum = 0;
    let deltaSum = 0;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const v = ring.value(i, f, n);
      series[i] = v;
      sum += v;
      if (i > 0) deltaSum += Math.abs(v - previous);
      previous = v;
    }
    const mean = sum / n;
    means[f] = mean;
    // Central moments in one pass: variance, and the shape (skewness, kurtosis) for 'full' features.
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const d = series[i]! - mean;
      const d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
    }
    const variance = m2 / n;
    const std = Math.sqrt(variance);
    const delta = deltaSum / (n - 1);
    const stat = FRAME_FEATURES[f]!.stat;
    if (stat === 'full') {
      out[o++] = mean;
      out[o++] = std;
      out[o++] = delta;
      const flat = std <= 1e-9;
      out[o++] = flat ? 0 : m3 / n / (variance * std);
      // Kurtosis is heavy-tailed, hence the log.
      out[o++] = Math.log((flat ? 0 : m4 / n / (variance * variance)) + 1);
    } else {
      out[o++] = std;
      out[o++] = delta;
    }
  }

  // Key-invariant chroma: the mean profile sorted from strongest to weakest pitch class.
  const profile = chromaIndices.map((i) => means[i]!).sort((a, b) => b - a);
  for (const v of profile) out[o++] = v;
  // Key-invariant tonnetz: magnitude of each (sin, cos) pair of the mean.
  for (let p = 0; p < tonalIndices.length; p += 2) {
    out[o++] = Math.hypot(means[tonalIndices[p]!]!, means[tonalIndices[p + 1]!]!);
  }

  for (const onsetIndex of onsetIndices) {
    const rhythm = rhythmFeatures(ring, n, onsetIndex, framesPerSecond);
    out[o++] = rhythm.pulseClarity;
    out[o++] = rhythm.meanAutocorr;
    out[o++] = rhythm.log2Tempo;
  }
}

/** Autocorrelation of the onset envelope over beat-like lags. */
function rhythmFeatures(ring: FrameRing, n: number, onsetIndex: number, framesPerSecond: number) {
  const env = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    env[i] = ring.value(i, onsetIndex, n);
    mean += env[i]!;
  }
  mean /= n;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    env[i]! -= mean;
    energy += env[i]! * env[i]!;
  }
  const minLag = Math.max(1, Math.round((60 / TEMPO_MAX_BPM) * framesPerSecond));
  const maxLag = Math.min(n - 2, Math.round((60 / TEMPO_MIN_BPM) * framesPerSecond));
  if (energy < 1e-12 || maxLag < minLag) return { pulseClarity: 0, meanAutocorr: 0, log2Tempo: 0 };
  let best = Number.NEGATIVE_INFINITY;
  let bestLag = minLag;
  let total = 0;
  for (let lag = minLag; lag <= maxLag; lag++) {
    let acc = 0;
    for (let i = lag; i < n; i++) acc += env[i]! * env[i - lag]!;
    // Unbiased per-lag normalisation so short and long lags compare fairly.
    const r = (acc / (n - lag)) * (n / energy);
    total += r;
    if (r > best) {
      best = r;
      bestLag = lag;
    }
  }
  const bpm = (60 * framesPerSecond) / bestLag;
  return { pulseClarity: best, meanAutocorr: total / (maxLag - minLag + 1), log2Tempo: Math.log2(bpm / 120) };
}
