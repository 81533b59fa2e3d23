import { FrameFeatureExtractor } from '../src/core/frameFeatures.ts';
const ex = new FrameFeatureExtractor(22050, 1024, 40) as unknown as { chromaBins: Int32Array; mel: { weights: Float64Array }[] };
console.log('chroma entries', ex.chromaBins.length, 'mel weights', ex.mel.reduce((n, r) => n + r.weights.length, 0));
