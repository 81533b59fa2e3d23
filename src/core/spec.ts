/**
 * The feature specification the extension computes: the shipped ear's (YAMNet, src/core/yamnet.ts;
 * the type and its fields are in ear.ts). It is stored in model.json; a model whose spec differs
 * from the ear's is refused with a readable message.
 */
import { type FeatureSpec, hopSeconds } from './ear.ts';
import { YAMNET } from './yamnet.ts';

export { type FeatureSpec, hopSeconds };

/** The ear the extension ships. */
export const SHIPPED_EAR = YAMNET;
export const FEATURE_SPEC: Readonly<FeatureSpec> = SHIPPED_EAR.spec;

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
  for (const key of ['version', 'ear', 'sampleRate', 'bandLimitHz', 'patchSamples', 'patchHop', 'detectorSeconds'] as const) {
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
