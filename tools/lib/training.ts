/** Training building blocks shared by the train CLI and tests. */
import type { AnalysisWindow } from '../../src/core/analyzer.ts';
import { GENRES } from '../../src/core/genres.ts';
import { type LinearModel, type ModelKind, predictProbabilities } from '../../src/core/model.ts';
import { FEATURE_SPEC } from '../../src/core/spec.ts';
import type { Clip } from './dataset.ts';
import { type Evaluation, evaluateClips } from './evaluation.ts';
import { analyzeFileCached } from './features.ts';
import { fitLogistic, standardize, standardizer } from './logistic.ts';

export interface LabelledClip extends Clip {
  genreIndex: number;
  windows: AnalysisWindow[];
}

const log = (message: string) => process.stderr.write(`${message}\n`);

export async function extractAll(clips: Clip[]): Promise<{ ok: LabelledClip[]; failed: string[] }> {
  const ok: LabelledClip[] = [];
  const failed: string[] = [];
  let done = 0;
  for (const clip of clips) {
    try {
      const windows = await analyzeFileCached(clip.file);
      ok.push({ ...clip, genreIndex: GENRES.indexOf(clip.genre as (typeof GENRES)[number]), windows });
    } catch (error) {
      failed.push(error instanceof Error ? error.message : String(error));
      log(`  skipped: ${failed.at(-1)}`);
    }
    if (++done % 25 === 0 || done === clips.length) log(`  features: ${done}/${clips.length} clips`);
  }
  return { ok, failed };
}

/** Fits a model on clips: standardise, balance genres, train. */
export function fitModel(clips: readonly LabelledClip[], kind: ModelKind, lambda: number): LinearModel {
  const rows = clips.flatMap((c) => c.windows.map((w) => w.features));
  const labels = Int32Array.from(clips.flatMap((c) => c.windows.map(() => c.genreIndex)));
  const d = FEATURE_SPEC.featureNames.length;
  const { mean, scale } = standardizer(rows, d);
  const perGenre = new Array<number>(GENRES.length).fill(0);
  for (const y of labels) perGenre[y]!++;
  // Balanced: each genre weighs the same in total.
  const weights = Float64Array.from(labels, (y) => 1 / perGenre[y]!);
  const fit = fitLogistic({ x: standardize(rows, mean, scale), n: rows.length, d, y: labels, w: weights }, GENRES.length, kind, lambda);
  return { kind, genres: [...GENRES], mean, scale, weights: fit.weights, bias: fit.bias };
}

export function evaluateModel(model: LinearModel, clips: readonly LabelledClip[]): Evaluation {
  return evaluateClips(
    clips.map((c) => ({
      genreIndex: c.genreIndex,
      probabilities: c.windows.map((w) => predictProbabilities(model, w.features)),
      seconds: c.windows.map((w) => w.seconds),
    })),
    GENRES,
    FEATURE_SPEC.windowSeconds,
  );
}

