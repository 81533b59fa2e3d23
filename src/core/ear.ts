/**
 * What the analysis needs to know of a network (an "ear"), in one object: its file and SHA-256,
 * its input rate, patch length and hop, its front end and input/output names, and how its
 * outputs become a window's features. The patch/window pipeline (patchPipeline.ts) and the live
 * session take any ear; the extension ships YAMNet (yamnet.ts), and the tools can also extract
 * features with EfficientAT (efficientat.ts). ARCHITECTURE.md's recipe "Add or swap a network".
 */

/**
 * The feature specification: everything that must match between the code that computes
 * features and a trained model. It is stored in model.json; a model whose spec differs from
 * the ear's is refused with a readable message (spec.ts assertSpecCompatible).
 */
export interface FeatureSpec {
  version: number;
  /** The ear, when it is not YAMNet (YAMNet's models predate the field). */
  ear?: string;
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

/** Seconds between two windows (one per patch). */
export const hopSeconds = (spec: FeatureSpec) => spec.patchHop / spec.sampleRate;

/** How an ear's per-patch class scores become a window's features. */
export interface EarOutputs {
  /** Class scores per patch. */
  classes: number;
  /** The classes whose mean log-score over the window is a feature (voice and music). */
  featureClasses: readonly number[];
  /** Each genre's AudioSet classes in this ear's outputs: their summed scores are its zero-shot feature. */
  genreClasses: Readonly<Record<string, readonly number[]>>;
}

/** A patch (already normalised) → the network's input. */
export interface EarFrontEnd {
  /** The input tensor's shape. */
  readonly dims: readonly number[];
  input(patch: Float32Array): Float32Array;
}

export interface Ear {
  id: 'yamnet' | 'efficientat';
  /** As reports name it. */
  name: string;
  /** The network file (relative to the project) and its SHA-256. */
  file: string;
  sha256: string;
  spec: Readonly<FeatureSpec>;
  /** A new front end (each keeps its own buffers; one per session). */
  frontEnd(): EarFrontEnd;
  /** The graph's input and score output names; 'sigmoid' when the output is logits. */
  io: { input: string; output: string; activation: 'none' | 'sigmoid' };
  outputs: EarOutputs;
}
