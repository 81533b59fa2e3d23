/** Loads model/genre.onnx together with its model.json through the extension's own checks (parseModelInfo, assertOnnxShapes). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GenrePredictor } from '../../../src/core/liveSession.ts';
import { assertOnnxShapes, type ModelInfo, parseModelInfo } from '../../../src/core/model.ts';
import type { PatchNetwork } from '../../../src/core/yamnet.ts';
import { nodeNetwork } from './features.ts';
import { OnnxGenreModel } from './onnxRunner.ts';

export const DEFAULT_MODEL = 'model/genre.onnx';

export interface LoadedModel {
  info: ModelInfo;
  onnx: OnnxGenreModel;
  /** One window's probabilities, as the engine asks for them. */
  predict: GenrePredictor;
  /** The outside head's (model/outside.onnx beside it), when model.json has an outside block. */
  predictOutside: GenrePredictor | undefined;
  /** YAMNet (model/yamnet.onnx), as the engine runs it. */
  network: PatchNetwork;
}

export async function loadModel(onnxFile: string = DEFAULT_MODEL): Promise<LoadedModel> {
  const infoFile = path.join(path.dirname(onnxFile), 'model.json');
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
  const info = parseModelInfo(json);
  const onnx = await OnnxGenreModel.load(onnxFile, info.spec.featureNames.length, info.genres.length);
  try {
    assertOnnxShapes(info, onnx.inputShape, onnx.outputShape);
  } catch (error) {
    throw new Error(`${onnxFile}: ${error instanceof Error ? error.message : error}`);
  }
  let outside: OnnxGenreModel | undefined;
  if (info.outside) {
    const outsideFile = path.join(path.dirname(onnxFile), 'outside.onnx');
    outside = await OnnxGenreModel.load(outsideFile, info.spec.featureNames.length, info.outside.classes.length);
    try {
      assertOnnxShapes(info, outside.inputShape, outside.outputShape, 'outside.onnx', info.outside.classes.length);
    } catch (error) {
      throw new Error(`${outsideFile}: ${error instanceof Error ? error.message : error}`);
    }
  }
  return {
    info,
    onnx,
    predict: async (features) => (await onnx.predict([features]))[0]!,
    predictOutside: outside && (async (features) => (await outside.predict([features]))[0]!),
    network: await nodeNetwork(),
  };
}
