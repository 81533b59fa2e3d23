/**
 * The model files Genre Lens ships, in one list: the build copies them and embeds their SHA-256
 * (the engine refuses a file that differs), the engine and the tools load them by these names,
 * and the tools' feature cache is keyed by the ear's file.
 */
export const MODEL_FILES = {
  /** The heads' classes, calibration, lines and feature spec (`npm run train`). */
  info: 'model/model.json',
  /** The genre head (`npm run train`). */
  genre: 'model/genre.onnx',
  /** The "not one of the five" head (`npm run train -- --outside …`). */
  outside: 'model/outside.onnx',
  /** The ear: YAMNet, from its mel bands on (`npm run convert-yamnet`). */
  yamnet: 'model/yamnet.onnx',
} as const;

export type ModelFile = keyof typeof MODEL_FILES;
/** SHA-256 of each shipped model file, as build.mjs embeds them. */
export type ModelDigests = Record<ModelFile, string>;

/** Third-party notices that cover a model file (they go into THIRD-PARTY-NOTICES.txt). */
export const MODEL_NOTICES: Partial<Record<ModelFile, readonly string[]>> = { yamnet: ['model/YAMNET-NOTICE.txt'] };

/** A model file's name beside the others (the tools load a model directory given its genre head). */
export const modelFileName = (file: ModelFile) => MODEL_FILES[file].slice(MODEL_FILES[file].lastIndexOf('/') + 1);
