/**
 * The first genre the badge shows for a clip — not "Unsure", not "Not music?", not "outside the
 * five" — from the clip's windows replayed through src/core's live decision (replayWindows), and
 * how much audio it was shown after. What people remember of a video is this first answer.
 */
import type { Shown } from '../../../src/core/liveSession.ts';
import { medianAndP90 } from './metrics.ts';

export interface FirstShown {
  /** Index of the first confidently shown genre, -1 when the clip never showed one. */
  top: number;
  /** Seconds of audio heard when it was shown (∞ when never). */
  seconds: number;
}

export function firstShownIn(shown: readonly Shown[]): FirstShown {
  const first = shown.find((s) => s.state === 'ready' && !s.unsure && s.notice === undefined && !s.outside);
  return first ? { top: first.top, seconds: first.secondsHeard } : { top: -1, seconds: Number.POSITIVE_INFINITY };
}

export interface FirstShownFigures {
  /** Clips that showed a genre at all, and of them those whose first shown genre was right. */
  shown: number;
  right: number;
  accuracy: number;
  /** Median and 90th percentile of the seconds of audio before it. */
  seconds: { median: number; p90: number };
}

export function firstShownFigures(results: readonly { first: FirstShown; genreIndex: number }[]): FirstShownFigures {
  const shown = results.filter((r) => r.first.top >= 0);
  const right = shown.filter((r) => r.first.top === r.genreIndex).length;
  return { shown: shown.length, right, accuracy: right / Math.max(1, shown.length), seconds: medianAndP90(results.map((r) => r.first.seconds)) };
}
