/**
 * What a listener takes from the badge at a moment of a clip — the right genre, "Unsure", "not one
 * of the five", or a wrong genre shown with confidence — and counts of those: `evaluate`'s
 * `shown` and REPORT.md's tables (tools/lib/model/pool.ts).
 */
import type { Shown } from '../../../src/core/liveSession.ts';

/** The moment a badge's answer is read: the last window shown at or before `seconds` (a shorter clip: its end). */
export function shownAt(shown: readonly Shown[], seconds: number): Shown | undefined {
  let last: Shown | undefined;
  for (const s of shown) if (s.secondsHeard <= seconds + 1e-6 || !last) last = s;
  return last;
}

export type ShownKind = 'right' | 'unsure' | 'outside' | 'confidentWrong' | 'nothing';

/** What a listener takes from the badge: the right genre, "Unsure", "not one of the five", a wrong genre shown with confidence. */
export function kindOf(shown: Shown | undefined, clip: { outsideClass: number; genreIndex: number }): ShownKind {
  if (!shown || shown.state !== 'ready' || shown.notice === 'not-music') return 'nothing';
  if (shown.outside) return 'outside';
  if (shown.unsure) return 'unsure';
  return clip.outsideClass === 0 && shown.top === clip.genreIndex ? 'right' : 'confidentWrong';
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
