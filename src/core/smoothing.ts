/**
 * Turns a stream of per-window probabilities into a steady answer: an
 * exponential moving average, plus hysteresis so the top genre only changes
 * when another one clearly overtakes it (the badge must not flicker).
 */
export const QUIET_RMS = 0.003; // about -50 dBFS: quieter windows are not classified
/** Below this smoothed top probability a guess is shown as "Unsure". */
export const UNSURE_CONFIDENCE = 0.4;

export class GenreSmoother {
  private readonly alpha: number;
  private average: Float64Array | undefined;
  private top = -1;

  constructor(
    private readonly classes: number,
    halfLifeWindows = 2,
    private readonly switchMargin = 0.08,
  ) {
    this.alpha = 1 - 2 ** (-1 / halfLifeWindows);
  }

  get probabilities(): Float64Array | undefined {
    return this.average;
  }

  /** Index of the genre to show, or -1 before the first window. */
  get topIndex(): number {
    return this.top;
  }

  push(probabilities: ArrayLike<number>): void {
    if (probabilities.length !== this.classes) throw new RangeError(`expected ${this.classes} probabilities`);
    if (!this.average) {
      this.average = Float64Array.from(probabilities);
    } else {
      for (let i = 0; i < this.classes; i++) this.average[i]! += this.alpha * (probabilities[i]! - this.average[i]!);
    }
    let best = 0;
    for (let i = 1; i < this.classes; i++) if (this.average[i]! > this.average[best]!) best = i;
    if (this.top < 0 || this.average[best]! > this.average[this.top]! + this.switchMargin) this.top = best;
  }

  reset(): void {
    this.average = undefined;
    this.top = -1;
  }
}
