/**
 * The live session's decision per analysis window (src/core/liveSession.ts runs it): skip
 * windows too quiet to judge, ask the "not music" detector about the last few seconds, and
 * only then let the heads speak: their probabilities add to the song's evidence (songEvidence.ts),
 * whose calibrated posterior over all music (calibration.ts) is what is shown. When talk gives way to music it says 'restart': the
 * session restarts the genre window from the seconds the detector has just judged to be
 * music, so the talk in it cannot colour the music's genre.
 */
import type { AnalysisWindow } from './patchPipeline.ts';
import { type MusicDetector, MusicGate } from './musicness.ts';
import { QUIET_RMS, SongEvidence } from './songEvidence.ts';
import { OutsideGate, type OutsideModel } from './outside.ts';
import { type Calibration, type Posterior, posterior } from './calibration.ts';

export type LiveNotice = 'quiet' | 'not-music' | undefined;

/** classify: predict this window's genre; restart: drop the window's audio but its recent part (PatchAnalyzer.keepRecent) and predict that; skip: nothing to predict. */
export type LiveAction = 'classify' | 'restart' | 'skip';

export class LiveDecision {
  readonly evidence: SongEvidence;
  /** "Not one of the five", when the model has an outside head. */
  readonly outside: OutsideGate | undefined;
  private readonly gate: MusicGate;
  notice: LiveNotice;
  /** The calibrated posterior of the song's evidence (undefined before the first window). */
  posterior: Posterior | undefined;

  constructor(
    classes: number,
    detector: MusicDetector | undefined,
    outside?: OutsideModel,
    private readonly calibration?: Calibration,
  ) {
    this.evidence = new SongEvidence(classes, outside?.classes.length);
    this.gate = new MusicGate(detector);
    this.outside = outside ? new OutsideGate(outside) : undefined;
  }

  /** The smoothed music probability of the recent audio (undefined without a detector or before the first window). */
  get musicProbability(): number | undefined {
    return this.gate.probability;
  }

  step(analysisWindow: AnalysisWindow): LiveAction {
    if (analysisWindow.rms < QUIET_RMS) {
      this.quiet();
      return 'skip';
    }
    const wasMusic = this.gate.isMusic;
    if (!this.gate.push(analysisWindow.recent)) {
      // Speech, noise…: no genre is forced on it, and the next music starts a fresh guess.
      this.notice = 'not-music';
      this.forgetSong();
      return 'skip';
    }
    this.notice = undefined;
    return wasMusic ? 'classify' : 'restart';
  }

  /** Too quiet to tell: keep the last answer (if any) rather than guess from noise. */
  quiet(): void {
    this.notice = 'quiet';
  }

  /** The genre model's probabilities for a window `step` said to classify (and the outside head's, when there is one). */
  accept(probabilities: ArrayLike<number>, outside?: ArrayLike<number>): void {
    this.evidence.push(probabilities, outside);
    this.posterior = posterior(this.evidence.probabilities!, this.outside && this.evidence.outside, this.calibration);
    if (this.posterior.outside) this.outside?.update(this.posterior.outside, this.evidence.windows);
  }

  private forgetSong(): void {
    this.evidence.reset();
    this.outside?.reset();
    this.posterior = undefined;
  }

  reset(): void {
    this.forgetSong();
    this.gate.reset();
    this.notice = undefined;
  }
}
