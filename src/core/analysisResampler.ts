/**
 * The one place that makes the resampler from an input rate to the analysis
 * rate (band-limited per the feature spec). The streaming analyzer uses it for
 * raw input; the browser's capture worklet runs it on the audio thread and
 * sends the analysis-rate samples on, so both give the same samples.
 */
import { Resampler } from './resampler.ts';
import { FEATURE_SPEC, type FeatureSpec } from './spec.ts';

export function createAnalysisResampler(inputRate: number, spec: FeatureSpec = FEATURE_SPEC): Resampler {
  return new Resampler(inputRate, spec.sampleRate, spec.bandLimitHz);
}
