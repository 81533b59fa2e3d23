/** Training building blocks shared by the train CLI and tests. */
import { type AnalysisWindow, fullWindowSeconds } from '../../../src/core/patchPipeline.ts';
import { GENRES } from '../../../src/core/genres.ts';
import { type LinearModel, type ModelKind, predictProbabilities } from '../../../src/core/model.ts';
import { toolEar } from './ears.ts';
import type { Clip } from './dataset.ts';
import { type Evaluation, evaluateClips } from './evaluation.ts';
import type { Degradation } from '../audio/degrade.ts';
import { analyzeVariantsCached } from './features.ts';
import { balancedWeights, fitLogistic, standardize, standardizer } from './logistic.ts';

export interface LabelledClip extends Clip {
  genreIndex: number;
  windows: AnalysisWindow[];
  /** Windows of degraded copies of the clip: training material only, never evaluated. */
  augmented: AnalysisWindow[][];
}

/** Every TRAIN_STRIDE-th window is used for fitting: neighbours overlap by 9 of 10 s, so the rest adds time, not information. */
export const TRAIN_STRIDE = 2;

const log = (message: string) => process.stderr.write(`${message}\n`);

export async function extractAll(
  clips: Clip[],
  augmentations: (clip: Clip) => Degradation[] = () => [],
): Promise<{ ok: LabelledClip[]; failed: string[] }> {
  const ok: LabelledClip[] = [];
  const failed: string[] = [];
  let done = 0;
  for (const clip of clips) {
    try {
      const [windows, ...augmented] = await analyzeVariantsCached(clip.file, [undefined, ...augmentations(clip)]);
      ok.push({ ...clip, genreIndex: GENRES.indexOf(clip.genre as (typeof GENRES)[number]), windows: windows!, augmented });
    } catch (error) {
      failed.push(error instanceof Error ? error.message : String(error));
      log(`  skipped: ${failed.at(-1)}`);
    }
    if (++done % 25 === 0 || done === clips.length) log(`  features: ${done}/${clips.length} clips`);
  }
  return { ok, failed };
}

export interface FitOptions {
  /**
   * 0: within a genre every window weighs the same; 1: every source of the
   * genre weighs the same in total; between: a source's share grows as
   * count^(1 - sourceBalance). Keeps a big source from defining its genre.
   */
  sourceBalance?: number;
  /**
   * Pull the weights toward YAMNet's zero-shot mapping (each genre's logit = this × the log of its
   * AudioSet genre classes' score) rather than toward zero: a head fitted on our few sources
   * learns those sources, the mapping knows millions of YouTube clips.
   */
  zeroShotPrior?: number;
}

/** The zero-shot mapping as multinomial weights on standardised features (the bias is fitted). */
export function zeroShotWeights(scale: readonly number[], strength: number): number[][] {
  return GENRES.map((genre) => toolEar().spec.featureNames.map((name, j) => (name === `zeroShot.${genre}` ? strength * scale[j]! : 0)));
}

/** Fits a model on clips: standardise, balance genres (and sources within them), train. */
export function fitModel(clips: readonly LabelledClip[], kind: ModelKind, lambda: number, options: FitOptions = {}): LinearModel {
  const rows: Float32Array[] = [];
  const labelList: number[] = [];
  const keys: string[] = [];
  for (const c of clips) {
    for (const windows of [c.windows, ...c.augmented]) {
      for (let i = 0; i < windows.length; i += TRAIN_STRIDE) {
        rows.push(windows[i]!.features);
        labelList.push(c.genreIndex);
        keys.push(`${c.genreIndex}|${c.source}`);
      }
    }
  }
  const labels = Int32Array.from(labelList);
  const d = toolEar().spec.featureNames.length;
  const { mean, scale } = standardizer(rows, d);
  const balance = options.sourceBalance ?? 0;
  const weights = balancedWeights(labels, keys, GENRES.length, () => balance);
  const prior = options.zeroShotPrior ? zeroShotWeights(scale, options.zeroShotPrior) : undefined;
  const fit = fitLogistic({ x: standardize(rows, mean, scale), n: rows.length, d, y: labels, w: weights }, GENRES.length, kind, lambda, 300, prior);
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
    fullWindowSeconds(toolEar().spec, toolEar().spec.windowSeconds),
  );
}

