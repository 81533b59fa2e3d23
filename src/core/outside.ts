/**
 * "Not one of the five": a second head (an ONNX logistic regression, exported by `npm run train`
 * as model/outside.onnx) over the same window features, whose classes are "one of the five" and
 * the outside genres it can name (Pop, Jazz…). The live decision keeps its song evidence beside the
 * genre head's (songEvidence.ts), calibrated (calibration.ts), and says "outside" when the
 * outside share reaches a line (with hysteresis, so the badge does not flicker); it names a genre
 * when that genre holds enough of the outside share. The lines are chosen by `npm run train` leave-one-source-out.
 */

/** The first class of the outside head: the music is one of the five. */
export const FIVE_CLASS = 'Five';

/** model.json's "outside" block. */
export interface OutsideModel {
  /** The head's classes, in its output order: FIVE_CLASS, then the outside genres it names. */
  classes: string[];
  /** The music is said to be outside the five once the calibrated outside share reaches this… */
  enterAbove: number;
  /** …and no longer once it falls below this. */
  leaveBelow: number;
  /** Within the outside share, a genre is named when it holds at least this part of it. */
  nameAbove: number;
}

export function isOutsideModel(value: unknown): value is OutsideModel {
  const m = value as OutsideModel;
  const inUnit = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
  return (
    !!m &&
    Array.isArray(m.classes) &&
    m.classes.length >= 2 &&
    m.classes[0] === FIVE_CLASS &&
    m.classes.every((c) => typeof c === 'string') &&
    inUnit(m.enterAbove) &&
    inUnit(m.leaveBelow) &&
    m.leaveBelow <= m.enterAbove &&
    inUnit(m.nameAbove)
  );
}

/** What the outside decision shows: undefined while the music sounds like one of the five. */
export interface OutsideShown {
  /** The named outside genre, when one is clear enough. */
  genre: string | undefined;
  /** Its share of the outside probability (0 when none is named). */
  share: number;
  /** The calibrated probability that the music is none of the five. */
  probability: number;
}

/**
 * "Not one of the five" is said only from this many windows of evidence (about 8 s): the opening
 * seconds are too little to rule out all five, and the song's mean would keep a wrong early claim
 * for a while. The bundled folk clip started 2 s in opens at 0.95 outside and falls under the line
 * only 7 windows later; from 3 windows on it was called outside, from 8 on no bundled five-genre
 * clip is, from any start (0–20 s, every 2 s), while the pop clip is from 9 of 11 starts.
 */
export const OUTSIDE_MIN_WINDOWS = 8;

export class OutsideGate {
  private outside = false;
  private last: Float64Array | undefined;

  constructor(private readonly model: OutsideModel) {}

  /** The outside head's calibrated song evidence after a window (calibration.ts posterior), and how many windows it holds. */
  update(probabilities: Float64Array, windows: number): void {
    this.last = probabilities;
    const p = this.probability;
    if (!this.outside && p >= this.model.enterAbove && windows >= OUTSIDE_MIN_WINDOWS) this.outside = true;
    else if (this.outside && p < this.model.leaveBelow) this.outside = false;
  }

  /** The probability that the music is none of the five (0 before the first window). */
  get probability(): number {
    return this.last ? 1 - this.last[0]! : 0;
  }

  shown(): OutsideShown | undefined {
    const average = this.last;
    if (!this.outside || !average) return undefined;
    const { probability } = this;
    let top = 1;
    for (let i = 2; i < average.length; i++) if (average[i]! > average[top]!) top = i;
    const share = probability > 0 ? average[top]! / probability : 0;
    const named = share >= this.model.nameAbove;
    return { genre: named ? this.model.classes[top] : undefined, share: named ? share : 0, probability };
  }

  reset(): void {
    this.last = undefined;
    this.outside = false;
  }
}
