/**
 * Evidence per song: a song keeps its genre for minutes, so what is shown is the mean of every
 * window's head probabilities since the current segment began, not the last seconds. A segment
 * begins with the stream (a new video, a seek, music after talk: the live decision resets it)
 * and when the audio's character changes for good (a mix, a medley, a live set): the recent
 * windows (a moving average over about two windows) then differ from the segment's mean by more
 * than CHANGE_DISTANCE for CHANGE_WINDOWS windows in a row, and the evidence starts over from
 * them. The first window is shown as is, so the first answer is as fast as before; the answer
 * then firms up. The shown genre changes only when another overtakes it by a margin.
 *
 * The change lines were set on a scratch replay (2026-12-07) of the shipped heads'
 * leave-one-source-out window predictions: 400 pairs of clips of different genres joined end to
 * end, the second clip's answer 10 windows after the join agreeing with the clip heard alone in
 * 94% of pairs (27% if a segment never restarted), while 5.6% of single clips restarted once on
 * their own (their evidence then is their recent windows, as before this rule). Lower lines
 * caught joins sooner but restarted up to 28% of single clips.
 */
export const QUIET_RMS = 0.003; // about -50 dBFS: quieter windows are not classified
/** Below this calibrated top probability a guess is shown as "Unsure" (a model without a calibration block). */
export const UNSURE_CONFIDENCE = 0.4;

/** The recent windows' moving average halves a window's weight every this many windows. */
const RECENT_HALF_LIFE = 2;
/** A segment is at least this many windows old before its character may change… */
const MIN_SEGMENT_WINDOWS = 8;
/** …by this total-variation distance between the recent average and the segment's mean (of the genre head, or of the outside head)… */
const CHANGE_DISTANCE = 0.5;
/** …for this many windows in a row. */
const CHANGE_WINDOWS = 3;
/** Another genre is shown once its mean exceeds the shown one's by this much (no flicker between near-ties). */
const SWITCH_MARGIN = 0.08;

/** One head's evidence: the segment's mean and the recent average. */
class HeadEvidence {
  mean: Float64Array | undefined;
  recent: Float64Array | undefined;

  constructor(readonly classes: number) {}

  push(probabilities: ArrayLike<number>, count: number, alpha: number): void {
    if (probabilities.length !== this.classes) throw new RangeError(`expected ${this.classes} probabilities`);
    if (!this.mean || !this.recent) {
      this.mean = Float64Array.from(probabilities);
      this.recent = Float64Array.from(probabilities);
      return;
    }
    for (let i = 0; i < this.classes; i++) {
      this.mean[i]! += (probabilities[i]! - this.mean[i]!) / count;
      this.recent[i]! += alpha * (probabilities[i]! - this.recent[i]!);
    }
  }

  /** Total-variation distance between the recent average and the segment's mean. */
  get drift(): number {
    if (!this.mean || !this.recent) return 0;
    let sum = 0;
    for (let i = 0; i < this.classes; i++) sum += Math.abs(this.recent[i]! - this.mean[i]!);
    return sum / 2;
  }

  restartFromRecent(): void {
    if (this.recent) this.mean = Float64Array.from(this.recent);
  }

  reset(): void {
    this.mean = undefined;
    this.recent = undefined;
  }
}

export class SongEvidence {
  private readonly genre: HeadEvidence;
  private readonly outsideHead: HeadEvidence | undefined;
  private readonly alpha = 1 - 2 ** (-1 / RECENT_HALF_LIFE);
  private count = 0;
  private drifting = 0;
  private top = -1;
  /** Segments begun by a change of character since the last reset (read by the unit tests and when debugging). */
  changes = 0;

  /** @param outsideClasses the outside head's classes, when the model has one. */
  constructor(genres: number, outsideClasses?: number) {
    this.genre = new HeadEvidence(genres);
    this.outsideHead = outsideClasses ? new HeadEvidence(outsideClasses) : undefined;
  }

  /** The genre head's mean probabilities over the segment (undefined before its first window). */
  get probabilities(): Float64Array | undefined {
    return this.genre.mean;
  }

  /** The outside head's mean over the segment (undefined without one, or before the first window). */
  get outside(): Float64Array | undefined {
    return this.outsideHead?.mean;
  }

  /** Index of the genre to show, or -1 before the first window. */
  get topIndex(): number {
    return this.top;
  }

  /** Windows in the current segment. */
  get windows(): number {
    return this.count;
  }

  /** One window's head probabilities (the outside head's when the model has one). */
  push(genre: ArrayLike<number>, outside?: ArrayLike<number>): void {
    this.count++;
    this.genre.push(genre, this.count, this.alpha);
    if (outside) this.outsideHead?.push(outside, this.count, this.alpha);
    const drift = Math.max(this.genre.drift, this.outsideHead?.drift ?? 0);
    this.drifting = this.count >= MIN_SEGMENT_WINDOWS && drift > CHANGE_DISTANCE ? this.drifting + 1 : 0;
    if (this.drifting >= CHANGE_WINDOWS) {
      // The music has changed: what the last windows heard becomes the new segment's evidence.
      this.genre.restartFromRecent();
      this.outsideHead?.restartFromRecent();
      this.count = 1;
      this.drifting = 0;
      this.changes++;
      this.top = -1;
    }
    const mean = this.genre.mean!;
    let best = 0;
    for (let i = 1; i < mean.length; i++) if (mean[i]! > mean[best]!) best = i;
    if (this.top < 0 || mean[best]! > mean[this.top]! + SWITCH_MARGIN) this.top = best;
  }

  reset(): void {
    this.genre.reset();
    this.outsideHead?.reset();
    this.count = 0;
    this.drifting = 0;
    this.top = -1;
    this.changes = 0;
  }
}
