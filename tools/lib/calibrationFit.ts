/**
 * Fits the certainty calibration (src/core/calibration.ts) on predictions the
 * model did not train on, replayed through the extension's own smoothing.
 */
import { calibrate, expectedCalibrationError } from '../../src/core/calibration.ts';
import { type LinearModel, predictProbabilities } from '../../src/core/model.ts';
import { GenreSmoother, QUIET_RMS } from '../../src/core/smoothing.ts';
import type { LabelledClip } from './training.ts';

/** What the badge would show after each window: the smoothed probabilities, the genre shown, the truth. */
export interface ShownGuess {
  probabilities: Float64Array;
  top: number;
  truth: number;
}

/** Replays each clip's windows through GenreSmoother as the offscreen engine does (quiet windows skipped). */
export function shownGuesses(model: LinearModel, clips: readonly LabelledClip[]): ShownGuess[] {
  const out: ShownGuess[] = [];
  for (const clip of clips) {
    const smoother = new GenreSmoother(model.genres.length);
    for (const w of clip.windows) {
      if (w.rms < QUIET_RMS) continue;
      smoother.push(predictProbabilities(model, w.features));
      out.push({ probabilities: Float64Array.from(smoother.probabilities!), top: smoother.topIndex, truth: clip.genreIndex });
    }
  }
  return out;
}

export function confidenceAndCorrect(guesses: readonly ShownGuess[], power: number) {
  const confidence = guesses.map((g) => calibrate(g.probabilities, power)[g.top]!);
  const correct = guesses.map((g) => g.top === g.truth);
  return { confidence, correct };
}

export function calibrationError(guesses: readonly ShownGuess[], power: number): number {
  const { confidence, correct } = confidenceAndCorrect(guesses, power);
  return expectedCalibrationError(confidence, correct);
}

/** The power minimising the log-loss of the true genre (golden-section search over log(power)). */
export function fitPower(guesses: readonly ShownGuess[]): number {
  const loss = (logPower: number) => {
    const power = Math.exp(logPower);
    let sum = 0;
    for (const g of guesses) sum -= Math.log(Math.max(1e-12, calibrate(g.probabilities, power)[g.truth]!));
    return sum / guesses.length;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = loss(a);
  let fb = loss(b);
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = loss(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = loss(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * The "Unsure" line: the lowest calibrated confidence from which the shown
 * genre is right at least half the time (over a sliding 0.1-wide band), so
 * anything below it is more likely wrong than right. Searched from 0.3 to 0.7.
 */
export function chooseUnsureThreshold(confidence: readonly number[], correct: readonly boolean[]): number {
  for (let t = 0.3; t <= 0.7 + 1e-9; t += 0.025) {
    let n = 0;
    let right = 0;
    confidence.forEach((c, i) => {
      if (c >= t && c < t + 0.1) {
        n++;
        if (correct[i]) right++;
      }
    });
    if (n >= 20 && right / n >= 0.5) return Math.round(t * 1000) / 1000;
  }
  return 0.5;
}
