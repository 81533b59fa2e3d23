/**
 * The feature specification: everything that must match between the code that
 * computes features and a trained model. It is stored in model.json; a model
 * whose spec differs from this one is refused with a readable message.
 */

/** How window statistics treat a frame feature. */
export type StatKind =
  /** mean, std, mean |delta|, skewness, log(1 + kurtosis) */
  | 'full'
  /** loudness-dependent: std, mean |delta| (no mean, so gain does not matter) */
  | 'gain'
  /** key-dependent pitch class: std and mean |delta|; the sorted mean profile is added per group */
  | 'pitch'
  /** key-dependent tonal centroid: std and mean |delta|; pair magnitudes of the mean are added per group */
  | 'tonal';

export interface FrameFeatureDef {
  name: string;
  stat: StatKind;
}

const range = (n: number, start = 0) => Array.from({ length: n }, (_, i) => i + start);
const PITCH_CLASSES = ['C', 'Cs', 'D', 'Ds', 'E', 'F', 'Fs', 'G', 'Gs', 'A', 'As', 'B'];
const CONTRAST_BANDS = 7;
const TONNETZ_DIMS = 6;

export const FRAME_FEATURES: readonly FrameFeatureDef[] = [
  { name: 'mfcc0', stat: 'gain' },
  ...range(19, 1).map((i) => ({ name: `mfcc${i}`, stat: 'full' as const })),
  ...PITCH_CLASSES.map((p) => ({ name: `chroma_${p}`, stat: 'pitch' as const })),
  ...range(CONTRAST_BANDS).map((i) => ({ name: `contrast${i}`, stat: 'full' as const })),
  ...range(TONNETZ_DIMS).map((i) => ({ name: `tonnetz${i}`, stat: 'tonal' as const })),
  { name: 'logRms', stat: 'gain' },
  { name: 'zcr', stat: 'full' },
  { name: 'centroidKHz', stat: 'full' },
  { name: 'bandwidthKHz', stat: 'full' },
  { name: 'rolloffKHz', stat: 'full' },
  { name: 'logFlatness', stat: 'full' },
  { name: 'onset', stat: 'full' },
  { name: 'onsetLow', stat: 'full' },
  { name: 'onsetHigh', stat: 'full' },
];

export const FEATURE_SPEC_VERSION = 5;

export interface FeatureSpec {
  version: number;
  sampleRate: number;
  frameSize: number;
  hopSize: number;
  melBands: number;
  /** Audio above this is filtered out before any feature is computed (see frameFeatures.ts). */
  bandLimitHz: number;
  windowSeconds: number;
  /** The "not music" detector looks at the most recent this many seconds only, so it reacts when talk starts or stops. */
  detectorSeconds: number;
  hopSeconds: number;
  minWindowSeconds: number;
  featureNames: string[];
}

function windowFeatureNames(): string[] {
  const names: string[] = [];
  for (const f of FRAME_FEATURES) {
    const stats =
      f.stat === 'full' ? ['mean', 'std', 'delta', 'skew', 'logKurt'] : ['std', 'delta'];
    for (const s of stats) names.push(`${f.name}.${s}`);
  }
  for (let i = 0; i < PITCH_CLASSES.length; i++) names.push(`chromaProfile.rank${i}`);
  for (let i = 0; i < TONNETZ_DIMS / 2; i++) names.push(`tonnetzMagnitude${i}`);
  for (const band of ['', 'Low']) names.push(`rhythm${band}.pulseClarity`, `rhythm${band}.meanAutocorr`, `rhythm${band}.log2Tempo`);
  return names;
}

export const FEATURE_SPEC: Readonly<FeatureSpec> = Object.freeze({
  version: FEATURE_SPEC_VERSION,
  sampleRate: 16000,
  frameSize: 1024,
  hopSize: 500,
  melBands: 128,
  bandLimitHz: 7000,
  windowSeconds: 10,
  detectorSeconds: 3,
  hopSeconds: 1,
  minWindowSeconds: 3,
  featureNames: windowFeatureNames(),
});

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
  for (const key of ['version', 'sampleRate', 'frameSize', 'hopSize', 'melBands', 'bandLimitHz', 'detectorSeconds'] as const) {
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
