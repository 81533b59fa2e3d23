/**
 * The patch/window pipeline, whatever the ear (ear.ts): the analysis-rate stream is cut into
 * patches at the spec's length and hop, each normalised and run through the network for its
 * class scores; a window's features are statistics of its patches' scores (the mean log-score of
 * the ear's feature classes, and each genre's zero-shot score from its classes). The engine and
 * the tools run this same code; only how the network is run differs (onnxruntime-web in both,
 * with a cache in the tools).
 */
import type { Ear, EarOutputs, FeatureSpec } from './ear.ts';

/** What the network says about one patch. */
export interface PatchOutput {
  scores: Float32Array;
  /** Mean square of the patch's samples (silence detection). */
  meanSquare: number;
}

/** Runs the network on one patch (spec.patchSamples samples at spec.sampleRate, already normalised): its class scores. */
export type PatchNetwork = (patch: Float32Array) => Promise<Pick<PatchOutput, 'scores'>>;

/** Floor under a score before its logarithm (scores are sigmoid outputs in (0, 1)). */
const SCORE_FLOOR = 1e-4;

/** The features a window is described by, in order. */
export function windowFeatureNames(outputs: EarOutputs, genres: readonly string[]): string[] {
  return [...outputs.featureClasses.map((c) => `logScore.${c}`), ...genres.map((g) => `zeroShot.${g}`)];
}

/** Cuts a stream into overlapping patches: `patchSamples` long, one every `hop` samples. */
export class PatchFramer {
  private readonly buffer: Float32Array;
  private length = 0;

  constructor(
    private readonly patchSamples: number,
    private readonly hop: number,
  ) {
    this.buffer = new Float32Array(patchSamples * 2);
  }

  reset(): void {
    this.length = 0;
  }

  /** The patches completed by `samples` (copies). */
  push(samples: Float32Array): Float32Array[] {
    const patches: Float32Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(samples.length - offset, this.buffer.length - this.length);
      this.buffer.set(samples.subarray(offset, offset + take), this.length);
      this.length += take;
      offset += take;
      let start = 0;
      while (this.length - start >= this.patchSamples) {
        patches.push(this.buffer.slice(start, start + this.patchSamples));
        start += this.hop;
      }
      this.buffer.copyWithin(0, start, this.length);
      this.length -= start;
    }
    return patches;
  }
}

/**
 * Each patch is brought to one loudness before the network: YAMNet's scores move with the input
 * level (its README), as any ear's may, and a video's level says nothing about its genre. Quiet patches are raised
 * by at most MAX_GAIN, so near-silence is not blown up into noise (the live decision skips
 * windows too quiet to judge anyway).
 */
export const PATCH_RMS = 0.1;
const MAX_GAIN = 31.6; // +30 dB

/** The patch scaled to PATCH_RMS (in place), and its mean square before that. */
export function normalizePatch(patch: Float32Array): number {
  const ms = meanSquare(patch);
  const gain = Math.min(MAX_GAIN, PATCH_RMS / Math.max(1e-9, Math.sqrt(ms)));
  for (let i = 0; i < patch.length; i++) patch[i] = Math.max(-1, Math.min(1, patch[i]! * gain));
  return ms;
}

/** One patch through the network as the live session runs it: normalised (in place), then scored; its loudness kept for silence detection. */
export async function analyzePatch(patch: Float32Array, network: PatchNetwork): Promise<PatchOutput> {
  const meanSquare = normalizePatch(patch);
  return { ...(await network(patch)), meanSquare };
}

export function meanSquare(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return sum / Math.max(1, samples.length);
}

/** A window of patches as the live decision reads it. */
export interface AnalysisWindow {
  /** Seconds of audio heard (since the last reset) when this window closed. */
  endSeconds: number;
  /** Length of audio the window covers, in seconds. */
  seconds: number;
  features: Float32Array;
  /** The same features over the last `detectorSeconds` only (the same array while the window is that short): the "not music" detector's input. */
  recent: Float32Array;
  /** Loudness of the window's audio (RMS, linear, full scale = 1), for silence detection. */
  rms: number;
}

/** Window features over patch outputs: the mean log-score of each feature class, then each genre's zero-shot log-score. */
export function windowFeatures(patches: readonly PatchOutput[], outputs: EarOutputs, genres: readonly string[], out: Float32Array): Float32Array {
  const n = patches.length;
  const { featureClasses } = outputs;
  featureClasses.forEach((c, k) => {
    let sum = 0;
    for (const p of patches) sum += Math.log(Math.max(SCORE_FLOOR, p.scores[c]!));
    out[k] = sum / n;
  });
  genres.forEach((genre, k) => {
    const classes = outputs.genreClasses[genre];
    if (!classes) throw new Error(`no AudioSet classes known for the genre "${genre}" in this ear (src/core/yamnet.ts, efficientat.ts)`);
    let sum = 0;
    for (const p of patches) for (const c of classes) sum += p.scores[c]!;
    out[featureClasses.length + k] = Math.log(Math.max(SCORE_FLOOR, sum / n));
  });
  return out;
}

/** How many patches a window of `seconds` holds: as many as fit, one at least. */
export function patchesPerWindow(spec: FeatureSpec, seconds: number): number {
  return Math.max(1, Math.round((seconds - spec.patchSamples / spec.sampleRate) / (spec.patchHop / spec.sampleRate)) + 1);
}

/** The audio a full window covers (a little under `seconds`: whole patches only). */
export function fullWindowSeconds(spec: FeatureSpec, seconds: number): number {
  return (spec.patchSamples + (patchesPerWindow(spec, seconds) - 1) * spec.patchHop) / spec.sampleRate;
}

/**
 * The rolling window over patch outputs: windows grow from one patch to `windowSeconds` and then
 * roll, one per patch; `recent` covers the last `detectorSeconds`.
 */
export class PatchWindows {
  readonly spec: FeatureSpec;
  private readonly patches: PatchOutput[] = [];
  private readonly maxPatches: number;
  private readonly recentPatches: number;
  private readonly hopSeconds: number;
  /** Patches since the last reset (the stream's position, for endSeconds). */
  private seen = 0;

  constructor(
    private readonly ear: Pick<Ear, 'spec' | 'outputs'>,
    private readonly genres: readonly string[],
    readonly windowSeconds: number,
  ) {
    const spec = ear.spec;
    this.spec = spec;
    this.hopSeconds = spec.patchHop / spec.sampleRate;
    this.maxPatches = patchesPerWindow(spec, windowSeconds);
    this.recentPatches = patchesPerWindow(spec, spec.detectorSeconds);
  }

  reset(): void {
    this.patches.length = 0;
    this.seen = 0;
  }

  /** Adds a patch; returns the window that ends with it. */
  push(patch: PatchOutput): AnalysisWindow {
    this.patches.push(patch);
    if (this.patches.length > this.maxPatches) this.patches.shift();
    this.seen++;
    return this.current();
  }

  /** Keeps only the patches of the last `seconds`; returns the window over them, if any is left. */
  keepRecent(seconds: number): AnalysisWindow | undefined {
    const keep = Math.min(this.patches.length, Math.max(0, Math.floor((seconds - this.spec.patchSamples / this.spec.sampleRate) / this.hopSeconds + 1e-9) + 1));
    this.patches.splice(0, this.patches.length - keep);
    return keep > 0 ? this.current() : undefined;
  }

  private current(): AnalysisWindow {
    const width = this.spec.featureNames.length;
    const { outputs } = this.ear;
    const features = windowFeatures(this.patches, outputs, this.genres, new Float32Array(width));
    const recent =
      this.patches.length > this.recentPatches ? windowFeatures(this.patches.slice(-this.recentPatches), outputs, this.genres, new Float32Array(width)) : features;
    let energy = 0;
    for (const p of this.patches) energy += p.meanSquare;
    return {
      endSeconds: (this.spec.patchSamples + (this.seen - 1) * this.spec.patchHop) / this.spec.sampleRate,
      seconds: (this.spec.patchSamples + (this.patches.length - 1) * this.spec.patchHop) / this.spec.sampleRate,
      features,
      recent,
      rms: Math.sqrt(energy / this.patches.length),
    };
  }
}

/**
 * The analyzer of the live session: analysis-rate samples → patches → the network → windows.
 * Async: the network runs in onnxruntime.
 */
export class PatchAnalyzer {
  readonly spec: FeatureSpec;
  private readonly framer: PatchFramer;
  private readonly windows: PatchWindows;
  private samplesHeard = 0;
  private previous: PatchOutput | undefined;
  /** Patches made since the last reset. */
  patches = 0;

  /**
   * @param reuse asked before each patch with its place since the reset (0 = the first): true
   * lets it reuse the previous patch's scores (its own loudness is still measured; patchReuse.ts)
   */
  constructor(
    ear: Pick<Ear, 'spec' | 'outputs'>,
    genres: readonly string[],
    private readonly network: PatchNetwork,
    readonly windowSeconds: number,
    private readonly reuse: (index: number) => boolean = () => false,
  ) {
    this.spec = ear.spec;
    this.framer = new PatchFramer(ear.spec.patchSamples, ear.spec.patchHop);
    this.windows = new PatchWindows(ear, genres, windowSeconds);
  }

  get secondsHeard(): number {
    return this.samplesHeard / this.spec.sampleRate;
  }

  reset(): void {
    this.framer.reset();
    this.windows.reset();
    this.samplesHeard = 0;
    this.previous = undefined;
    this.patches = 0;
  }

  keepRecent(seconds: number): AnalysisWindow | undefined {
    return this.windows.keepRecent(seconds);
  }

  async push(samples: Float32Array): Promise<AnalysisWindow[]> {
    this.samplesHeard += samples.length;
    const out: AnalysisWindow[] = [];
    for (const patch of this.framer.push(samples)) {
      let output: PatchOutput;
      const index = this.patches++;
      if (this.previous && this.reuse(index)) {
        output = { ...this.previous, meanSquare: normalizePatch(patch) };
      } else {
        output = await analyzePatch(patch, this.network);
      }
      this.previous = output;
      out.push(this.windows.push(output));
    }
    return out;
  }
}
