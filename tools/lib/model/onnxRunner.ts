/** Loads a head's ONNX file in Node through the extension's own loader (src/shared/onnxHead.ts, onnxruntime-web). */
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import { OnnxHead } from '../../../src/shared/onnxHead.ts';

ort.env.wasm.numThreads = 1;

/** The head in `file`, which must read `features` values and give `classes` probabilities. */
export async function loadHeadFile(file: string, features: number, classes: number): Promise<OnnxHead> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Error(`${file}: model file not found (run \`npm run train\` or pass --model)`);
  }
  return OnnxHead.create(ort, bytes, file, features, classes);
}
