/**
 * Loads the shipped model (model/genre.onnx + model/model.json) into
 * onnxruntime-web, from the extension's own files, and checks that its
 * feature spec matches the feature code before anything runs.
 */
import * as ort from 'onnxruntime-web/wasm';
import { type ModelInfo, parseModelInfo } from '../core/model.ts';
import { assertSpecCompatible } from '../core/spec.ts';

export class GenreModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly info: ModelInfo,
  ) {}

  static async load(baseUrl: string): Promise<GenreModel> {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = { wasm: `${baseUrl}ort/ort-wasm-simd-threaded.wasm` };
    const info = await fetchModelInfo(`${baseUrl}model/model.json`);
    assertSpecCompatible(info.spec);
    const response = await fetch(`${baseUrl}model/genre.onnx`).catch(() => undefined);
    if (!response?.ok) throw new Error('model/genre.onnx is missing from the extension; rebuild it with `npm run build`');
    const bytes = new Uint8Array(await response.arrayBuffer());
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    } catch (error) {
      throw new Error(`model/genre.onnx is not a usable ONNX model (${firstLine(error)}); reinstall the extension`);
    }
    return new GenreModel(session, info);
  }

  async predict(features: Float32Array): Promise<Float32Array> {
    const input = new ort.Tensor('float32', features, [1, features.length]);
    const output = await this.session.run({ [this.session.inputNames[0]!]: input });
    return output[this.session.outputNames[0]!]!.data as Float32Array;
  }
}

async function fetchModelInfo(url: string): Promise<ModelInfo> {
  const response = await fetch(url).catch(() => undefined);
  if (!response?.ok) throw new Error('model/model.json is missing from the extension; rebuild it with `npm run build`');
  try {
    return parseModelInfo(await response.json());
  } catch (error) {
    throw new Error(`model/model.json is unreadable (${firstLine(error)}); reinstall the extension`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
