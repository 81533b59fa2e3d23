/**
 * What a listener takes from the badge at a moment of a clip — the right genre, "Unsure", "not one
 * of the five", or a wrong genre shown with confidence — and counts of those: `evaluate`'s
 * `shown` and REPORT.md's tables (tools/lib/model/pool.ts).
 */
import type { Shown } from '../../../src/core/liveSession.ts';

/** The reading at `seconds` of a clip: the last one made at or before it (a shorter clip: its end; none before the first: the first). */
export function readingAt<T>(readings: readonly T[], seconds: number, secondsOf: (reading: T) => number): T | undefined {
  let last: T | undefined;
  for (const r of readings) if (secondsOf(r) <= seconds + 1e-6 || last === undefined) last = r;
  return last;
}

/** The moment a badge's answer is read: the last window shown at or before `seconds` (a shorter clip: its end). */
export function shownAt(shown: readonly Shown[], seconds: number): Shown | undefined {
  return readingAt(shown, seconds, (s) => s.secondsHeard);
}

/** A clip of the five or of the music outside them (outsideClass 0: one of the five, genreIndex its genre). */
export interface KnownClip {
  outsideClass: number;
  genreIndex: number;
}

/** Whether an answer is right on all music: "not one of the five" on outside music, the clip's own genre on the five's. */
export function answerIsRight(answer: { outside: boolean; top: number }, clip: KnownClip): boolean {
  return answer.outside ? clip.outsideClass > 0 : clip.outsideClass === 0 && answer.top === clip.genreIndex;
}

export type ShownKind = 'right' | 'unsure' | 'outside' | 'confidentWrong' | 'nothing';

/** What a listener takes from the badge: the right genre, "Unsure", "not one of the five", a wrong genre shown with confidence. */
export function kindOf(shown: Shown | undefined, clip: KnownClip): ShownKind {
  if (!shown || shown.state !== 'ready' || shown.notice === 'not-music') return 'nothing';
  if (shown.outside) return 'outside';
  if (shown.unsure) return 'unsure';
  return answerIsRight({ outside: false, top: shown.top }, clip) ? 'right' : 'confidentWrong';
}

export interface ShownCounts {
  clips: number;
  right: number;
  unsure: number;
  outside: number;
  confidentWrong: number;
}

export function countKinds(kinds: readonly ShownKind[]): ShownCounts {
  const count = (k: ShownKind) => kinds.filter((x) => x === k).length;
  return { clips: kinds.length, right: count('right'), unsure: count('unsure'), outside: count('outside'), confidentWrong: count('confidentWrong') };
}
