/** Turns window probabilities into window- and clip-level predictions and metrics. */
import { argmax, averageProbabilities } from '../../../src/core/model.ts';
import { computeMetrics, type Metrics } from './metrics.ts';

export interface ClipWindows {
  genreIndex: number;
  /** Probabilities of each window of the clip. */
  probabilities: ArrayLike<number>[];
  /** Length of each window in seconds (short early windows are the first guesses). */
  seconds: number[];
}

export interface Evaluation {
  clip: Metrics;
  window: Metrics;
  /** Accuracy of full-length (10 s) windows only. */
  fullWindowAccuracy: number;
  /** Accuracy of each clip's first window (one patch, 0.975 s of audio), the extension's first guess. */
  firstGuessAccuracy: number;
}

export function evaluateClips(clips: readonly ClipWindows[], genres: readonly string[], fullSeconds: number): Evaluation {
  const clipTruth: number[] = [];
  const clipPred: number[] = [];
  const winTruth: number[] = [];
  const winPred: number[] = [];
  let fullCorrect = 0;
  let fullCount = 0;
  let firstCorrect = 0;
  for (const c of clips) {
    clipTruth.push(c.genreIndex);
    clipPred.push(argmax(averageProbabilities(c.probabilities)));
    c.probabilities.forEach((p, i) => {
      const predicted = argmax(p);
      winTruth.push(c.genreIndex);
      winPred.push(predicted);
      if (c.seconds[i]! >= fullSeconds - 0.05) {
        fullCount++;
        if (predicted === c.genreIndex) fullCorrect++;
      }
    });
    if (argmax(c.probabilities[0]!) === c.genreIndex) firstCorrect++;
  }
  return {
    clip: computeMetrics(clipTruth, clipPred, genres),
    window: computeMetrics(winTruth, winPred, genres),
    fullWindowAccuracy: fullCount ? fullCorrect / fullCount : 0,
    firstGuessAccuracy: clips.length ? firstCorrect / clips.length : 0,
  };
}
