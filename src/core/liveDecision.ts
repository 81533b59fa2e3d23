/**
 * What the extension does with each analysis window, shared by the offscreen
 * engine and the Node tools that replay recordings through it: skip windows
 * too quiet to judge, ask the "not music" detector about the last few
 * seconds, and only then let the genre model speak. When talk gives way to
 * music, the genre window restarts from the seconds the detector has just
 * judged to be music, so the talk in it cannot colour the music's genre.
 */
import type { AnalysisWindow, StreamingAnalyzer } from './analyzer.ts';
import { type MusicDetector, MusicGate } from './musicness.ts';
import { GenreSmoother, QUIET_RMS } from './smoothing.ts';
import type { FeatureSpec } from './spec.ts';

/**
 * One window through the live decision, as the engine runs it (and the tools replay it):
 * classify it, or after talk restart the window from its recent music and classify that.
 * `predict` runs the genre model.
 */
export async function liveStep(
  decision: LiveDecision,
  analyzer: StreamingAnalyzer,
  analysisWindow: AnalysisWindow,
  predict: (features: Float32Array) => Promise<ArrayLike<number>>,
): Promise<LiveAction> {
  const action = decision.step(analysisWindow);
  if (action === 'classify') decision.accept(await predict(analysisWindow.features));
  if (action === 'restart') {
    // Talk just ended: the window still holds it, so the music's genre starts from the
    // last seconds only, the ones the detector has just judged to be music.
    const kept = analyzer.keepRecent(keptSecondsAfterTalk(analyzer.spec));
    if (kept) decision.accept(await predict(kept.features));
  }
  return action;
}

/**
 * When talk gives way to music, the audio kept for the music's first guess: the detector's
 * recent seconds, minus the oldest hop, which may still hold the end of the talk. Measured on
 * 15 s of talk then a validation clip: keeping all 3 s sometimes kept talk (a wrong first
 * guess), keeping 2 s did not, and both answered 3 s sooner than a fresh window.
 */
export function keptSecondsAfterTalk(spec: FeatureSpec): number {
  return spec.detectorSeconds - spec.hopSeconds;
}

export type LiveNotice = 'quiet' | 'not-music' | undefined;

/** classify: predict this window's genre; restart: drop the window's audio but its recent part (StreamingAnalyzer.keepRecent) and predict that; skip: nothing to predict. */
export type LiveAction = 'classify' | 'restart' | 'skip';

export class LiveDecision {
  readonly smoother: GenreSmoother;
  private readonly gate: MusicGate;
  notice: LiveNotice;

  constructor(classes: number, detector: MusicDetector | undefined) {
    this.smoother = new GenreSmoother(classes);
    this.gate = new MusicGate(detector);
  }

  /** The smoothed music probability of the recent audio (undefined without a detector or before the first window). */
  get musicProbability(): number | undefined {
    return this.gate.probability;
  }

  step(analysisWindow: AnalysisWindow): LiveAction {
    if (analysisWindow.rms < QUIET_RMS) {
      // Too quiet to tell: keep the last answer (if any) rather than guess from noise.
      this.notice = 'quiet';
      return 'skip';
    }
    const wasMusic = this.gate.isMusic;
    if (!this.gate.push(analysisWindow.recent)) {
      // Speech, noise…: no genre is forced on it, and the next music starts a fresh guess.
      this.notice = 'not-music';
      this.smoother.reset();
      return 'skip';
    }
    this.notice = undefined;
    return wasMusic ? 'classify' : 'restart';
  }

  /** The genre model's probabilities for a window `step` said to classify. */
  accept(probabilities: ArrayLike<number>): void {
    this.smoother.push(probabilities);
  }

  reset(): void {
    this.smoother.reset();
    this.gate.reset();
    this.notice = undefined;
  }
}
