/**
 * The streaming pipeline shared by the extension and the offline tools:
 * mono samples at any rate → resampler → frames → rolling window features.
 * Windows are emitted every hop once `minWindowSeconds` of audio is in; they
 * grow to `windowSeconds` and then roll. Offline tools push a decoded file
 * through this very class, so training sees the windows the browser sees.
 */
import { FrameFeatureExtractor, FRAME_FEATURE_COUNT } from './frameFeatures.ts';
import { createAnalysisResampler } from './analysisResampler.ts';
import type { Resampler } from './resampler.ts';
import { FEATURE_SPEC, type FeatureSpec } from './spec.ts';
import { FrameRing, windowFeatures } from './windowStats.ts';

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

export interface AnalyzerOptions {
  inputRate: number;
  spec?: FeatureSpec;
  windowSeconds?: number;
}

export class StreamingAnalyzer {
  readonly spec: FeatureSpec;
  readonly inputRate: number;
  readonly windowSeconds: number;
  readonly windowFrames: number;
  readonly minWindowFrames: number;
  private readonly recentFrames: number;
  readonly framesPerSecond: number;
  private readonly resampler: Resampler;
  private readonly extractor: FrameFeatureExtractor;
  private readonly ring: FrameRing;
  private readonly frame: Float32Array;
  private readonly frameValues: Float32Array;
  private readonly pending: Float32Array;
  private pendingLength = 0;
  private framesSeen = 0;
  private nextEmitFrame: number;
  private readonly hopFrames: number;
  private readonly frameEnergy: Float32Array;

  constructor(options: AnalyzerOptions) {
    this.spec = options.spec ?? FEATURE_SPEC;
    this.inputRate = options.inputRate;
    const { sampleRate, frameSize, hopSize, melBands, bandLimitHz, hopSeconds, minWindowSeconds } = this.spec;
    const windowSeconds = options.windowSeconds ?? this.spec.windowSeconds;
    this.windowSeconds = windowSeconds;
    if (!(windowSeconds >= minWindowSeconds)) throw new RangeError(`window must be at least ${minWindowSeconds} s`);
    this.resampler = createAnalysisResampler(options.inputRate, this.spec);
    this.extractor = new FrameFeatureExtractor(sampleRate, frameSize, melBands, bandLimitHz);
    this.framesPerSecond = sampleRate / hopSize;
    this.windowFrames = Math.round(windowSeconds * this.framesPerSecond);
    this.minWindowFrames = Math.round(minWindowSeconds * this.framesPerSecond);
    this.recentFrames = Math.round(this.spec.detectorSeconds * this.framesPerSecond);
    this.hopFrames = hopSeconds * this.framesPerSecond;
    this.nextEmitFrame = this.minWindowFrames;
    this.ring = new FrameRing(this.windowFrames);
    this.frameEnergy = new Float32Array(this.windowFrames);
    this.frame = new Float32Array(frameSize);
    this.frameValues = new Float32Array(FRAME_FEATURE_COUNT);
    this.pending = new Float32Array(frameSize + sampleRate);
  }

  get secondsHeard(): number {
    return this.framesSeen / this.framesPerSecond;
  }

  /** Drops all buffered audio and frames: the next window starts from scratch. */
  reset(): void {
    this.ring.clear();
    this.extractor.reset();
    this.pendingLength = 0;
    this.framesSeen = 0;
    this.nextEmitFrame = this.minWindowFrames;
  }

  /**
   * Like reset, but keeps the last `seconds` of frames (when talk gives way to music, the
   * audio the detector just judged to be music). Returns the window over the kept frames
   * when they are enough for one, so a guess need not wait for fresh audio.
   */
  keepRecent(seconds: number): AnalysisWindow | undefined {
    const keep = Math.min(this.framesSeen, this.windowFrames, Math.round(seconds * this.framesPerSecond));
    if (keep < 2) {
      this.reset();
      return undefined;
    }
    const energies = Array.from({ length: keep }, (_, j) => this.frameEnergy[(this.framesSeen - keep + j) % this.windowFrames]!);
    this.frameEnergy.set(energies);
    this.ring.truncate(keep);
    this.framesSeen = keep;
    if (keep < this.minWindowFrames) {
      this.nextEmitFrame = this.minWindowFrames;
      return undefined;
    }
    this.nextEmitFrame = keep + this.hopFrames;
    return this.currentWindow();
  }

  /** Feeds mono samples at the input rate; returns the windows completed by them. */
  push(samples: Float32Array): AnalysisWindow[] {
    assertFinite(samples);
    return this.pushResampled(this.resampler.process(samples));
  }

  /**
   * Feeds mono samples already at the analysis rate, made by createAnalysisResampler (the
   * browser resamples on the audio thread); returns the windows completed by them.
   */
  pushAnalysisRate(samples: Float32Array): AnalysisWindow[] {
    assertFinite(samples);
    return this.pushResampled(samples);
  }

  private pushResampled(resampled: Float32Array): AnalysisWindow[] {
    const windows: AnalysisWindow[] = [];
    const { frameSize, hopSize } = this.spec;
    let offset = 0;
    while (offset < resampled.length) {
      const take = Math.min(resampled.length - offset, this.pending.length - this.pendingLength);
      this.pending.set(resampled.subarray(offset, offset + take), this.pendingLength);
      this.pendingLength += take;
      offset += take;
      let start = 0;
      while (this.pendingLength - start >= frameSize) {
        const window = this.processFrame(this.pending.subarray(start, start + frameSize));
        if (window) windows.push(window);
        start += hopSize;
      }
      this.pending.copyWithin(0, start, this.pendingLength);
      this.pendingLength -= start;
    }
    return windows;
  }

  private processFrame(frame: Float32Array): AnalysisWindow | undefined {
    this.frame.set(frame);
    this.extractor.extract(this.frame, this.frameValues);
    this.frameEnergy[this.framesSeen % this.windowFrames] = this.extractor.lastMeanSquare;
    this.ring.push(this.frameValues);
    this.framesSeen++;
    if (this.framesSeen < this.nextEmitFrame) return undefined;
    this.nextEmitFrame += this.hopFrames;
    return this.currentWindow();
  }

  private currentWindow(): AnalysisWindow {
    const count = Math.min(this.framesSeen, this.windowFrames);
    const features = new Float32Array(this.spec.featureNames.length);
    windowFeatures(this.ring, count, this.framesPerSecond, features);
    let recent = features;
    if (count > this.recentFrames) {
      recent = new Float32Array(features.length);
      windowFeatures(this.ring, this.recentFrames, this.framesPerSecond, recent);
    }
    let energy = 0;
    for (let i = 0; i < count; i++) energy += this.frameEnergy[i]!;
    return {
      endSeconds: this.secondsHeard,
      seconds: count / this.framesPerSecond,
      features,
      recent,
      rms: Math.sqrt(energy / count),
    };
  }
}

export function assertFinite(samples: Float32Array): void {
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]!)) throw new RangeError('audio contains NaN or infinite samples');
  }
}
