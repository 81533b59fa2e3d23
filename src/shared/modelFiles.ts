/**
 * The model files Genre Lens ships, in one list: the build copies them and embeds their SHA-256
 * (the engine refuses a file that differs), the engine and the tools load them by these names.
 * The ear's file and SHA-256 are the shipped ear's own (src/core/spec.ts SHIPPED_EAR): the build
 * refuses a file that differs from them, and the tools' feature cache is keyed by them.
 */
import { SHIPPED_EAR } from '../core/spec.ts';

export const MODEL_FILES = {
  /** The heads' classes, calibration, lines and feature spec (`npm run train`). */
  info: 'model/model.json',
  /** The genre head (`npm run train`). */
  genre: 'model/genre.onnx',
  /** The "not one of the five" head (`npm run train -- --outside …`). */
  outside: 'model/outside.onnx',
  /** The ear: YAMNet, from its magnitude spectrogram on (`npm run convert-yamnet`). */
  ear: SHIPPED_EAR.file,
} as const;

export type ModelFile = keyof typeof MODEL_FILES;
/** SHA-256 of each shipped model file, as build.mjs embeds them. */
export type ModelDigests = Record<ModelFile, string>;

/** Third-party notices that cover a model file (they go into THIRD-PARTY-NOTICES.txt). */
export const MODEL_NOTICES: Partial<Record<ModelFile, readonly string[]>> = { ear: ['model/YAMNET-NOTICE.txt'] };

/** A model file's name beside the others (the tools load a model directory given its genre head). */
export const modelFileName = (file: ModelFile) => MODEL_FILES[file].slice(MODEL_FILES[file].lastIndexOf('/') + 1);
