/**
 * The feature specification: everything that must match between the code that computes
 * features and a trained model. It is stored in model.json; a model whose spec differs from
 * this one is refused with a readable message.
 *
 * Since version 6 the features come from YAMNet (src/core/yamnet.ts): patches of 0.975 s of the
 * 16 kHz stream, their AudioSet class scores, averaged (as log-scores) over the window.
 */
import { GENRES } from './genres.ts';
import { PATCH_SAMPLES, windowFeatureNames } from './yamnet.ts';

export const FEATURE_SPEC_VERSION = 6;

export interface FeatureSpec {
  version: number;
  sampleRate: number;
  /** Audio above this is filtered out when the stream is resampled (src/core/analysisResampler.ts). */
  bandLimitHz: number;
  /** Samples per network patch, and between the starts of two patches. */
  patchSamples: number;
  patchHop: number;
  windowSeconds: number;
  /** The "not music" detector looks at the most recent this many seconds only, so it reacts when talk starts or stops. */
  detectorSeconds: number;
  /** The first window: one patch. */
  minWindowSeconds: number;
  featureNames: string[];
}

export const FEATURE_SPEC: Readonly<FeatureSpec> = Object.freeze({
  version: FEATURE_SPEC_VERSION,
  sampleRate: 16000,
  bandLimitHz: 7000,
  patchSamples: PATCH_SAMPLES,
  patchHop: 15360,
  windowSeconds: 10,
  detectorSeconds: 3,
  minWindowSeconds: PATCH_SAMPLES / 16000,
  featureNames: windowFeatureNames(GENRES),
});

/** Seconds between two windows (one per patch). */
export const hopSeconds = (spec: FeatureSpec) => spec.patchHop / spec.sampleRate;

export class SpecMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecMismatchError';
  }
}

/**
 * Throws SpecMismatchError when a model was trained on features other than the
 * ones this code computes. Window length may differ (it is a user setting).
 */
export function assertSpecCompatible(modelSpec: Partial<FeatureSpec> | undefined, code: FeatureSpec = FEATURE_SPEC): void {
  if (!modelSpec || typeof modelSpec !== 'object') {
    throw new SpecMismatchError('the model has no feature spec; retrain it with `npm run train`');
  }
  const problems: string[] = [];
  for (const key of ['version', 'sampleRate', 'bandLimitHz', 'patchSamples', 'patchHop', 'detectorSeconds'] as const) {
    if (modelSpec[key] !== code[key]) problems.push(`${key} is ${modelSpec[key]} in the model but ${code[key]} in the code`);
  }
  const names = modelSpec.featureNames;
  if (!Array.isArray(names) || names.length !== code.featureNames.length) {
    problems.push(`the model expects ${Array.isArray(names) ? names.length : 'no'} features, the code computes ${code.featureNames.length}`);
  } else {
    const at = names.findIndex((n, i) => n !== code.featureNames[i]);
    if (at >= 0) problems.push(`feature ${at} is "${names[at]}" in the model but "${code.featureNames[at]}" in the code`);
  }
  if (problems.length > 0) {
    throw new SpecMismatchError(`model and feature code disagree: ${problems.join('; ')}. Retrain with \`npm run train\`.`);
  }
}
