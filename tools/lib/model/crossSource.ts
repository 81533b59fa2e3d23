/**
 * Leave-one-source-out evaluation: for each source, a model fitted without
 * any of its clips is tested on that source's clips, for the genres that still
 * have training clips from other sources. This is what a new uploader, studio
 * or decade looks like to the model, unlike a random artist split, where test
 * and training clips share their sources' sound.
 */
import { argmax, averageProbabilities, type LinearModel, predictProbabilities } from '../../../src/core/model.ts';
import { evaluateModel, type LabelledClip } from './training.ts';

/** A (source, genre) pair counts towards the headline mean when its genre keeps this many training clips elsewhere. */
export const MIN_OTHER_SOURCE_CLIPS = 10;

export interface SourceGenreResult {
  source: string;
  genre: string;
  clips: number;
  /** Training clips of this genre from the other sources. */
  otherSourceClips: number;
  clipAccuracy: number;
  windowAccuracy: number;
  /** Counted in the headline mean (otherSourceClips >= MIN_OTHER_SOURCE_CLIPS). */
  counted: boolean;
  /** Most frequent wrong answer, if any. */
  mostConfusedWith?: string;
}

export interface CrossSourceResult {
  pairs: SourceGenreResult[];
  /** Mean clip accuracy over counted (source, genre) pairs. */
  meanClipAccuracy: number;
  meanWindowAccuracy: number;
}

/** @param calledOutside clips answered "not one of the five" (by a head fitted without their source): counted as wrong. */
function clipIsRight(model: LinearModel, clip: LabelledClip): boolean {
  return argmax(averageProbabilities(clip.windows.map((w) => predictProbabilities(model, w.features)))) === clip.genreIndex;
}

export function leaveOneSourceOut(
  clips: readonly LabelledClip[],
  fit: (train: readonly LabelledClip[]) => LinearModel,
  genres: readonly string[],
  calledOutside?: ReadonlySet<string>,
): CrossSourceResult {
  const pairs: SourceGenreResult[] = [];
  for (const source of [...new Set(clips.map((c) => c.source))].sort()) {
    const train = clips.filter((c) => c.source !== source);
    const held = clips.filter((c) => c.source === source);
    const testable = [...new Set(held.map((c) => c.genre))].filter((g) => train.some((c) => c.genre === g));
    if (testable.length === 0) continue;
    const model = fit(train);
    for (const genre of testable.sort()) {
      const subset = held.filter((c) => c.genre === genre);
      const e = evaluateModel(model, subset);
      // A clip answered "outside" shows no genre: right clips among them become wrong.
      const lost = calledOutside ? subset.filter((c) => calledOutside.has(c.id) && clipIsRight(model, c)).length : 0;
      const row = e.clip.confusion[genres.indexOf(genre)]!;
      let confused = -1;
      row.forEach((n, i) => {
        if (i !== genres.indexOf(genre) && n > 0 && (confused < 0 || n > row[confused]!)) confused = i;
      });
      const otherSourceClips = train.filter((c) => c.genre === genre).length;
      pairs.push({
        source,
        genre,
        clips: subset.length,
        otherSourceClips,
        clipAccuracy: e.clip.accuracy - lost / subset.length,
        windowAccuracy: e.window.accuracy,
        counted: otherSourceClips >= MIN_OTHER_SOURCE_CLIPS,
        ...(confused >= 0 ? { mostConfusedWith: genres[confused] } : {}),
      });
    }
  }
  const counted = pairs.filter((p) => p.counted);
  const mean = (f: (p: SourceGenreResult) => number) => (counted.length ? counted.reduce((a, p) => a + f(p), 0) / counted.length : 0);
  return { pairs, meanClipAccuracy: mean((p) => p.clipAccuracy), meanWindowAccuracy: mean((p) => p.windowAccuracy) };
}
