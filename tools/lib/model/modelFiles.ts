/** Loads a model directory (its genre head, model.json and outside head beside it) through the extension's own checks (parseModelInfo, OnnxHead). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GenrePredictor } from '../../../src/core/liveSession.ts';
import { type ModelInfo, parseModelInfo } from '../../../src/core/model.ts';
import type { PatchNetwork } from '../../../src/core/patchPipeline.ts';
import { MODEL_FILES, modelFileName } from '../../../src/shared/modelFiles.ts';
import type { OnnxHead } from '../../../src/shared/onnxHead.ts';
import { earOf, nodeNetwork, useEar } from './ears.ts';
import { loadHeadFile } from './onnxRunner.ts';

export const DEFAULT_MODEL = MODEL_FILES.genre;

export interface LoadedModel {
  info: ModelInfo;
  head: OnnxHead;
  /** One window's probabilities, as the engine asks for them. */
  predict: GenrePredictor;
  /** The outside head's (beside the genre head), when model.json has an outside block. */
  predictOutside: GenrePredictor | undefined;
  /** YAMNet, as the engine runs it. */
  network: PatchNetwork;
}

export async function loadModel(onnxFile: string = DEFAULT_MODEL): Promise<LoadedModel> {
  const infoFile = path.join(path.dirname(onnxFile), modelFileName('info'));
  let text: string;
  try {
    text = await readFile(infoFile, 'utf8');
  } catch {
    throw new Error(`${infoFile}: not found (it must sit next to the .onnx file; run \`npm run train\`)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${infoFile}: not valid JSON`);
  }
  // The model names the ear its features came from (YAMNet's predate the field): this run uses it.
  const ear = earOf((json as { spec?: { ear?: string } } | null)?.spec ?? {});
  useEar(ear);
  const info = parseModelInfo(json, ear);
  const features = info.spec.featureNames.length;
  const head = await loadHeadFile(onnxFile, features, info.genres.length);
  const outside = info.outside && (await loadHeadFile(path.join(path.dirname(onnxFile), modelFileName('outside')), features, info.outside.classes.length));
  return {
    info,
    head,
    predict: (features) => head.predict(features),
    predictOutside: outside && ((features) => outside.predict(features)),
    network: await nodeNetwork(ear),
  };
}
