/**
 * What the live decision answers at the end of a clip about "outside the five" (replayed over the
 * clip's windows through src/core's LiveDecision, as the badge would show it), and the figures
 * `evaluate` and `train` report from it.
 */
import { matchGenre, OUTSIDE_GENRES } from '../../../src/core/genres.ts';
import type { Shown } from '../../../src/core/liveSession.ts';
import type { OutsideShown } from '../../../src/core/outside.ts';

/** The outside answer after the last of a clip's replayed windows. */
export function outsideAtEnd(shown: readonly Shown[]): OutsideShown | undefined {
  return shown.at(-1)?.outside;
}

export interface OutsideFigures {
  clips: number;
  /** Clips answered "outside the five". */
  said: number;
  /** Of those, clips whose genre was named… */
  named: number;
  /** …and named right (the folder's genre, where it is one the head names). */
  namedRight: number;
}

/** Counts outside answers for clips of outside-five music labelled by folder (any genre names). */
export function outsideFigures(answers: readonly { folder: string; answer: OutsideShown | undefined }[]): OutsideFigures {
  const names = OUTSIDE_GENRES.map((g) => g.name);
  const said = answers.filter((a) => a.answer);
  const named = said.filter((a) => a.answer!.genre);
  return {
    clips: answers.length,
    said: said.length,
    named: named.length,
    namedRight: named.filter((a) => matchGenre(a.folder, names) === a.answer!.genre).length,
  };
}
