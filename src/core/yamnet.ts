/**
 * YAMNet, the ear the extension ships: the analysis-rate stream (16 kHz) is cut into patches of
 * 0.975 s every 0.96 s; the network (model/yamnet.onnx, converted from YAMNet's TFLite export by
 * `npm run convert-yamnet`, fed the patch's magnitude spectrogram made by yamnetFrontEnd.ts)
 * gives each patch 521 AudioSet class scores (its 1024-value embedding output is not fetched:
 * nothing reads it). Its window features are the mean log-scores of its voice and music classes
 * and each genre's zero-shot score (patchPipeline.ts).
 */
import type { Ear } from './ear.ts';
import { GENRES } from './genres.ts';
import { windowFeatureNames } from './patchPipeline.ts';
import { PATCH_SAMPLES, YamnetFrontEnd } from './yamnetFrontEnd.ts';

export { PATCH_SAMPLES };

/** Names of the converted network's input and outputs. */
export const YAMNET_IO = { input: 'magnitudes', scores: 'scores', embedding: 'embedding' } as const;
export const YAMNET_CLASSES = 521;

/** Speech, voice and singing classes (Speech … Humming) — what talk and rap sound like to YAMNet. */
const VOICE_CLASSES = Array.from({ length: 33 }, (_, i) => i);
/** Music, instruments, genres, music's roles and moods (Music … Scary music). */
const MUSIC_CLASSES = Array.from({ length: 276 - 132 + 1 }, (_, i) => 132 + i);
export const FEATURE_CLASSES: readonly number[] = [...VOICE_CLASSES, ...MUSIC_CLASSES];

/**
 * Each genre's AudioSet classes in YAMNet's outputs (model/yamnet_class_map.csv): the five's
 * zero-shot mapping, and the outside genres' (the outside head's prior). Genre names are
 * src/core/genres.ts's.
 */
export const YAMNET_GENRE_CLASSES: Readonly<Record<string, readonly number[]>> = {
  Rock: [214, 215, 216, 217, 218, 219, 220],
  'Hip-Hop': [212, 31],
  Folk: [228, 224, 226, 259],
  Electronic: [234, 235, 236, 237, 238, 239, 240, 241, 242],
  Classical: [232, 233],
  Pop: [211],
  Jazz: [230, 225],
  Latin: [243, 244, 245],
  'R&B/Soul': [221, 222, 227, 231],
  Country: [224, 226],
  Reggae: [223, 258],
  Blues: [246],
};

const OUTPUTS = { classes: YAMNET_CLASSES, featureClasses: FEATURE_CLASSES, genreClasses: YAMNET_GENRE_CLASSES };

export const YAMNET: Ear = {
  id: 'yamnet',
  name: 'YAMNet',
  file: 'model/yamnet.onnx',
  sha256: '942fee0202fece9544039a220ba2bf4124f69f49fcfbd844dd0a07d32b78ce24',
  spec: Object.freeze({
    version: 6,
    sampleRate: 16000,
    bandLimitHz: 7000,
    patchSamples: PATCH_SAMPLES,
    patchHop: 15360,
    windowSeconds: 10,
    detectorSeconds: 3,
    minWindowSeconds: PATCH_SAMPLES / 16000,
    featureNames: windowFeatureNames(OUTPUTS, GENRES),
  }),
  frontEnd: () => new YamnetFrontEnd(),
  io: { input: YAMNET_IO.input, output: YAMNET_IO.scores, activation: 'none' },
  outputs: OUTPUTS,
};
