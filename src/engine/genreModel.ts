/**
 * Loads the shipped model (model/genre.onnx + model/model.json) into
 * onnxruntime-web, from the extension's own files, and checks that its
 * feature spec matches the feature code before anything runs.
 */
import * as ort from 'onnxruntime-web/wasm';
import { type ModelInfo, parseModelInfo } from '../core/model.ts';
import { isMusicDetector } from '../core/musicness.ts';
import { assertSpecCompatible, FEATURE_SPEC } from '../core/spec.ts';

declare const __MODEL_SHA256__: { onnx: string; json: string } | undefined;
/** SHA-256 of the model files, embedded by build.mjs; absent under Node (tests load files directly). */
const EXPECTED = typeof __MODEL_SHA256__ === 'undefined' ? undefined : __MODEL_SHA256__;

export class GenreModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly info: ModelInfo,
  ) {}

  static async load(baseUrl: string): Promise<GenreModel> {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = { wasm: `${baseUrl}ort/ort-wasm-simd-threaded.wasm` };
    const { info, jsonBytes } = await fetchModelInfo(`${baseUrl}model/model.json`);
    assertSpecCompatible(info.spec);
    await verify('model/model.json', jsonBytes, EXPECTED?.json);
    const detector = info.musicDetector;
    if (isMusicDetector(detector) && detector.weights.length !== FEATURE_SPEC.featureNames.length) {
      throw new Error(`model/model.json's detector reads ${detector.weights.length} features, the feature code makes ${FEATURE_SPEC.featureNames.length}; reinstall Genre Lens`);
    }
    const response = await fetch(`${baseUrl}model/genre.onnx`).catch(() => undefined);
    if (!response?.ok) throw new Error('model/genre.onnx is missing from the extension; rebuild it with `npm run build`');
    const bytes = new Uint8Array(await response.arrayBuffer());
    await verify('model/genre.onnx', bytes, EXPECTED?.onnx);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    } catch (error) {
      throw new Error(`model/genre.onnx is not a usable ONNX model (${firstLine(error)}); reinstall the extension`);
    }
    // The model must read as many features as the feature code makes (a dynamic size is checked at the first run).
    const input = session.inputMetadata[0];
    const width = input?.isTensor ? input.shape.at(-1) : undefined;
    if (typeof width === 'number' && width !== FEATURE_SPEC.featureNames.length) {
      throw new Error(`model/genre.onnx reads ${width} features, the feature code makes ${FEATURE_SPEC.featureNames.length}; reinstall Genre Lens`);
    }
    return new GenreModel(session, info);
  }

  async predict(features: Float32Array): Promise<Float32Array> {
    const input = new ort.Tensor('float32', features, [1, features.length]);
    const output = await this.session.run({ [this.session.inputNames[0]!]: input });
    return output[this.session.outputNames[0]!]!.data as Float32Array;
  }
}

/** The file must be the one this build shipped (a damaged or swapped file must not run). */
async function verify(name: string, bytes: Uint8Array, expected: string | undefined): Promise<void> {
  if (!expected) return;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  if (hex !== expected) throw new Error(`${name} is damaged (its SHA-256 does not match this build); reinstall Genre Lens`);
}

async function fetchModelInfo(url: string): Promise<{ info: ModelInfo; jsonBytes: Uint8Array }> {
  const response = await fetch(url).catch(() => undefined);
  if (!response?.ok) throw new Error('model/model.json is missing from the extension; rebuild it with `npm run build`');
  try {
    const jsonBytes = new Uint8Array(await response.arrayBuffer());
    return { info: parseModelInfo(JSON.parse(new TextDecoder().decode(jsonBytes))), jsonBytes };
  } catch (error) {
    throw new Error(`model/model.json is unreadable (${firstLine(error)}); reinstall the extension`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
