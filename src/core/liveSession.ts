/**
 * The live session: everything between audio and what the user is shown, in one place, used
 * by the engine (one per tab's frame) and by every tool that says what the extension would
 * show (classify, evaluate's transitions, the calibration fit, the detector's measurements).
 * It owns the input's resampling and trimming (for raw input; the capture worklet does it for
 * the engine), the streaming analyzer, the live decision (quiet skip, "not music" gate,
 * evidence per song), the restart after talk, the calibrated posterior over all music and "unsure".
 */
import { type LiveAction, LiveDecision, type LiveNotice } from './liveDecision.ts';
import type { ModelInfo } from './model.ts';
import { UNSURE_CONFIDENCE } from './songEvidence.ts';
import { AnalysisInput } from './analysisInput.ts';
import { type FeatureSpec, hopSeconds, SHIPPED_EAR } from './spec.ts';
import type { Ear } from './ear.ts';
import { type AnalysisWindow, type PatchNetwork, PatchAnalyzer } from './patchPipeline.ts';
import type { OutsideShown } from './outside.ts';
import { REUSE, type ReuseRule } from './patchReuse.ts';

/** The genre model: probabilities, one per genre, for one window's features. */
export type GenrePredictor = (features: Float32Array) => Promise<ArrayLike<number>> | ArrayLike<number>;

/** The parts of model.json the session applies. */
export type LiveModel = Pick<ModelInfo, 'genres' | 'calibration' | 'musicDetector' | 'outside'>;

/** What the badge, the toolbar and the popup show, after a window. */
export interface Shown {
  /** listening: no genre to show yet (or no longer: talk); ready: a genre is shown. */
  state: 'listening' | 'ready';
  /** Index of the shown genre in the model's genres, -1 when none. */
  top: number;
  /** Calibrated probabilities of the five genres over all music, from the song's evidence (undefined before the first guess; calibration.ts). */
  probabilities: Float64Array | undefined;
  /** The genre head's song evidence before calibration. */
  smoothed: Float64Array | undefined;
  /** Calibrated probability of the shown genre over all music (0 when none). */
  confidence: number;
  /** A genre is shown but its calibrated certainty is below the model's "unsure" line. */
  unsure: boolean;
  notice: LiveNotice;
  /** The "not music" gate's smoothed music probability (undefined without a detector). */
  musicProbability: number | undefined;
  /** Music that is none of the five (and the genre named, when one is clear): shown instead of the five's top genre. */
  outside: OutsideShown | undefined;
  /** Seconds of audio the current window has heard since the last restart. */
  secondsHeard: number;
}

/**
 * When talk gives way to music, the audio kept for the music's first guess: the detector's
 * recent seconds, minus the oldest hop, which may still hold the end of the talk. Measured on
 * 15 s of talk then a validation clip: keeping all 3 s sometimes kept talk (a wrong first
 * guess), keeping 2 s did not, and both answered 3 s sooner than a fresh window.
 */
export function keptSecondsAfterTalk(spec: FeatureSpec): number {
  return spec.detectorSeconds - hopSeconds(spec);
}

export interface LiveSessionOptions {
  /**
   * Rate of the samples given to `push`; 'analysis' for samples already made by
   * AnalysisInput (resampled, leading silence trimmed: the engine's chunks, made so on the
   * tab's audio thread).
   */
  inputRate: number | 'analysis';
  windowSeconds?: number;
  /** The ear whose patches and windows the session makes (the shipped one, YAMNet, unless said). */
  ear?: Ear;
  /**
   * Which patches reuse the last scores instead of running the network (patchReuse.ts): REUSE,
   * the extension's and every tool's, unless said (bench compares NO_REUSE).
   */
  reuse?: ReuseRule;
  /** The outside head (model/outside.onnx), applied when the model has one. */
  predictOutside?: GenrePredictor;
}

/**
 * The decision loop, one for the live session and the tools' window replays: the live decision's
 * step, the heads' predictions, and what is shown. Where the audio after talk is kept from is the
 * caller's: the live session keeps the analyzer's recent patches, a replay of stored windows
 * their `recent` features.
 */
export class DecisionLoop {
  private readonly decision: LiveDecision;
  private readonly unsureBelow: number;
  private readonly predictOutside: GenrePredictor | undefined;

  constructor(
    model: LiveModel,
    private readonly predict: GenrePredictor,
    predictOutside: GenrePredictor | undefined,
  ) {
    this.predictOutside = model.outside ? predictOutside : undefined;
    this.decision = new LiveDecision(model.genres.length, model.musicDetector, this.predictOutside && model.outside, model.calibration);
    this.unsureBelow = model.calibration?.unsureBelow ?? UNSURE_CONFIDENCE;
  }

  /** One window: classify it, or when talk has just ended, classify the features `afterTalk` keeps. */
  async step(analysisWindow: AnalysisWindow, afterTalk: () => Float32Array | undefined): Promise<LiveAction> {
    const action = this.decision.step(analysisWindow);
    const features = action === 'classify' ? analysisWindow.features : action === 'restart' ? afterTalk() : undefined;
    if (features) this.decision.accept(await this.predict(features), this.predictOutside && (await this.predictOutside(features)));
    return action;
  }

  shown(secondsHeard: number): Shown {
    return shownValue(this.decision, this.unsureBelow, secondsHeard);
  }

  /** Audio too quiet to judge, not analysed (digital silence): the answer stays, marked quiet. */
  quiet(): void {
    this.decision.quiet();
  }

  reset(): void {
    this.decision.reset();
  }
}

export class LiveSession {
  private readonly loop: DecisionLoop;
  private readonly analyzer: PatchAnalyzer;
  /**
   * Raw input is resampled and trimmed of a stream's leading silence as the capture worklet does
   * it for the engine (analysisInput.ts); the engine's input comes so already.
   */
  private readonly input: AnalysisInput | undefined;

  constructor(model: LiveModel, predict: GenrePredictor, network: PatchNetwork, options: LiveSessionOptions) {
    this.loop = new DecisionLoop(model, predict, options.predictOutside);
    const ear = options.ear ?? SHIPPED_EAR;
    const spec = ear.spec;
    this.input = options.inputRate === 'analysis' ? undefined : new AnalysisInput(options.inputRate, spec);
    const reuse = options.reuse ?? REUSE;
    // After talk, the music is a stream of its own: its first patches all run the network.
    this.analyzer = new PatchAnalyzer(ear, model.genres, network, options.windowSeconds ?? spec.windowSeconds, (index) => reuse(index - this.streamStart));
  }

  get spec(): FeatureSpec {
    return this.analyzer.spec;
  }

  get windowSeconds(): number {
    return this.analyzer.windowSeconds;
  }

  /** Audio heard since the last restart, in seconds (digital silence told of by hearSilence included). */
  get secondsHeard(): number {
    return this.analyzer.secondsHeard + this.silentSeconds;
  }

  /** Seconds of digital silence the engine was told of instead of being sent (a muted player). */
  private silentSeconds = 0;

  /**
   * `seconds` of digital silence, told of rather than sent (the capture worklet's word for a
   * muted or silent chunk): nothing to analyse — the answer stays as it was, marked quiet, as a
   * quiet window would leave it — while the time heard goes on.
   */
  hearSilence(seconds: number): void {
    this.silentSeconds += seconds;
    this.loop.quiet();
  }

  /** The analyzer's patch count when the current stream began (the music after talk begins one). */
  private streamStart = 0;

  /** A new stream (new video, seek, ad): the window, the guess and the gate start over. */
  reset(): void {
    this.streamStart = 0;
    this.silentSeconds = 0;
    this.analyzer.reset();
    this.loop.reset();
    this.input?.restart();
  }

  /**
   * Feeds mono samples at the input rate; returns what is shown after each window they
   * completed (empty when none did). Windows after a restart in the same batch are dropped:
   * they hold the audio the restart let go.
   */
  async push(samples: Float32Array): Promise<Shown[]> {
    zeroNonFinite(samples);
    const windows = await this.analyzer.push(this.input ? this.input.process(samples) : samples);
    const shown: Shown[] = [];
    for (const window of windows) {
      // After talk, the music's genre starts from the last seconds only, the ones the detector has
      // just judged to be music (the window still holds the talk).
      const action = await this.loop.step(window, () => this.analyzer.keepRecent(keptSecondsAfterTalk(this.analyzer.spec))?.features);
      shown.push(this.shown());
      if (action === 'restart') {
        this.streamStart = this.analyzer.patches;
        break;
      }
    }
    return shown;
  }

  /** What is shown now. */
  shown(): Shown {
    return this.loop.shown(this.secondsHeard);
  }
}

function shownValue(decision: LiveDecision, unsureBelow: number, secondsHeard: number): Shown {
  const { evidence, notice } = decision;
  const smoothed = evidence.probabilities;
  // What is shown is the calibrated probability over all music, so "80%" means right about 80% of the time.
  const probabilities = decision.posterior?.genres;
  const top = evidence.topIndex;
  const confidence = top >= 0 && probabilities ? probabilities[top]! : 0;
  const state = top >= 0 ? 'ready' : 'listening';
  return {
    state,
    top,
    probabilities,
    smoothed: smoothed && Float64Array.from(smoothed),
    confidence,
    unsure: state === 'ready' && confidence < unsureBelow,
    notice,
    musicProbability: decision.musicProbability,
    outside: state === 'ready' ? decision.outside?.shown() : undefined,
    secondsHeard,
  };
}

/**
 * What would be shown after each of a recording's stored windows (the tools keep windows, not
 * audio, for training-sized replays). The same decision, calibration and "unsure" as a
 * LiveSession; the one difference is the restart after talk, which needs the audio: here the
 * restarted guess is made from the window's `recent` features (the detector's last seconds).
 * Used where that cannot matter: the calibration fit (no detector, so no restart) and the
 * detector's measurements (what is shown as "Not music?" does not depend on it).
 */
export async function replayWindows(model: LiveModel, windows: readonly AnalysisWindow[], predict: GenrePredictor, predictOutside?: GenrePredictor): Promise<Shown[]> {
  const loop = new DecisionLoop(model, predict, predictOutside);
  const out: Shown[] = [];
  for (const w of windows) {
    await loop.step(w, () => w.recent);
    out.push(loop.shown(w.endSeconds));
  }
  return out;
}

/**
 * A NaN or infinite sample (a broken decoder, a page's own audio graph) is set to zero, in place:
 * one bad sample must not stop the analysis or poison a window's statistics.
 */
export function zeroNonFinite(samples: Float32Array): void {
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]!)) samples[i] = 0;
  }
}
