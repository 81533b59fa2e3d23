/**
 * What the analysis reads of a stream at its own rate: resampled to the analysis rate
 * (analysisResampler.ts), then trimmed of the digital silence a stream starts with
 * (leadingSilence.ts). The browser's capture worklet runs it on the audio thread and sends the
 * result to the engine; the live session runs it on raw input (the tools); so both analyse the
 * same samples.
 */
import { createAnalysisResampler } from './analysisResampler.ts';
import { LeadingSilenceTrimmer } from './leadingSilence.ts';
import type { Resampler } from './resampler.ts';
import { FEATURE_SPEC, type FeatureSpec } from './spec.ts';

export class AnalysisInput {
  /** Never reset: a stream's audio runs on through restarts, as the tab's audio does. */
  private readonly resampler: Resampler;
  private readonly trimmer: LeadingSilenceTrimmer;

  constructor(inputRate: number, spec: FeatureSpec = FEATURE_SPEC) {
    this.resampler = createAnalysisResampler(inputRate, spec);
    // At most a second of silence is dropped, so a silent video still reads as quiet.
    this.trimmer = new LeadingSilenceTrimmer(spec.sampleRate);
  }

  /** A new stream starts (new video, seek, ad): its leading silence will be dropped. */
  restart(): void {
    this.trimmer.reset();
  }

  /** Samples at the input rate → the analysis-rate samples to analyse. */
  process(samples: Float32Array): Float32Array {
    return this.trimmer.trim(this.resampler.process(samples));
  }
}
