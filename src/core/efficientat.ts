/**
 * EfficientAT mn04 (MobileNetV3 at width 0.4, trained on AudioSet; ../shared/models/efficientat/),
 * a second ear the tools can extract features with (`npm run train -- --ear efficientat`); not
 * shipped in the extension. It reads 32 kHz audio: patches of 2 s (its squeeze-excitation layers
 * pool over the whole input, so it needs about 2 s), one every second, through its own front end
 * (efficientatFrontEnd.ts), to 527 AudioSet logits (sigmoid → scores). Its window features are
 * built as YAMNet's are (patchPipeline.ts), from the same AudioSet classes at its own indices
 * (AudioSet's 527-class order, audioset_class_labels_527.csv; YAMNet drops 6 of them).
 */
import type { Ear } from './ear.ts';
import { EFFICIENTAT_RATE, EfficientatFrontEnd } from './efficientatFrontEnd.ts';
import { GENRES } from './genres.ts';
import { windowFeatureNames } from './patchPipeline.ts';

const PATCH_SECONDS = 2;
const HOP_SECONDS = 1;
export const EFFICIENTAT_CLASSES = 527;

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Human sounds of voice (Speech … Humming, AudioSet 0–37) and music (Music … Scary music, 137–282). */
const FEATURE_CLASSES = [...range(0, 37), ...range(137, 282)];

/** The same AudioSet classes as YAMNet's genre map (src/core/yamnet.ts), at EfficientAT's indices (a unit test compares their names). */
export const EFFICIENTAT_GENRE_CLASSES: Readonly<Record<string, readonly number[]>> = {
  Rock: [219, 220, 221, 222, 223, 224, 225],
  'Hip-Hop': [217, 36],
  Folk: [233, 229, 231, 264],
  Electronic: [239, 240, 241, 242, 243, 244, 245, 246, 247],
  Classical: [237, 238],
  Pop: [216],
  Jazz: [235, 230],
  Latin: [248, 249, 250],
  'R&B/Soul': [226, 227, 232, 236],
  Country: [229, 231],
  Reggae: [228, 263],
  Blues: [251],
};

const OUTPUTS = { classes: EFFICIENTAT_CLASSES, featureClasses: FEATURE_CLASSES, genreClasses: EFFICIENTAT_GENRE_CLASSES };

export const EFFICIENTAT: Ear = {
  id: 'efficientat',
  name: 'EfficientAT',
  file: '../shared/models/efficientat/mn04_as.onnx',
  sha256: '8fc05d32eeb06b50aa539f8e34e22bf38ed992a94baf04db0b9a247702675a15',
  spec: Object.freeze({
    version: 1,
    ear: 'efficientat',
    sampleRate: EFFICIENTAT_RATE,
    // As YAMNet's stream: measured on the branch that first tried this ear, the full 32 kHz band did
    // worse across sources (83.1% against 85.2%) — above 7 kHz lies more of the sources' codecs than of the genres.
    bandLimitHz: 7000,
    patchSamples: PATCH_SECONDS * EFFICIENTAT_RATE,
    patchHop: HOP_SECONDS * EFFICIENTAT_RATE,
    windowSeconds: 10,
    detectorSeconds: 3,
    minWindowSeconds: PATCH_SECONDS,
    featureNames: windowFeatureNames(OUTPUTS, GENRES),
  }),
  frontEnd: () => new EfficientatFrontEnd(PATCH_SECONDS * EFFICIENTAT_RATE),
  io: { input: 'spec', output: 'logits', activation: 'sigmoid' },
  outputs: OUTPUTS,
};
