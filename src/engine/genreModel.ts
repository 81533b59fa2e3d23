/**
 * Loads the shipped models (model/yamnet.onnx, model/genre.onnx + model/model.json) into
 * onnxruntime-web, from the extension's own files, checks their digests, and
 * checks (parseModelInfo, assertOnnxShapes) that they fit the feature code before anything runs.
 */
import * as ort from 'onnxruntime-web/wasm';
import { assertOnnxShapes, type ModelInfo, parseModelInfo } from '../core/model.ts';
import type { PatchNetwork } from '../core/yamnet.ts';
import { YAMNET_SESSION_OPTIONS, yamnetNetwork } from '../shared/yamnetSession.ts';

declare const __MODEL_SHA256__: { onnx: string; json: string; yamnet: string; outside: string } | undefined;
/** SHA-256 of the model files, embedded by build.mjs; absent under Node (tests load files directly). */
const EXPECTED = typeof __MODEL_SHA256__ === 'undefined' ? undefined : __MODEL_SHA256__;

export class GenreModel {
  /** YAMNet, one patch at a time (src/shared/yamnetSession.ts). */
  readonly network: PatchNetwork;

  private constructor(
    private readonly session: ort.InferenceSession,
    yamnet: ort.InferenceSession,
    readonly info: ModelInfo,
    private readonly outside: ort.InferenceSession | undefined,
  ) {
    this.network = yamnetNetwork(yamnet, ort.Tensor);
  }

  static async load(baseUrl: string): Promise<GenreModel> {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = { wasm: `${baseUrl}ort/ort-wasm-simd-threaded.wasm` };
    // Each file is checked against this build's digest before anything reads it.
    const jsonBytes = await fetchVerified(baseUrl, 'model/model.json', EXPECTED?.json);
    let info: ModelInfo;
    try {
      info = parseModelInfo(JSON.parse(new TextDecoder().decode(jsonBytes)));
    } catch (error) {
      throw new Error(`model/model.json is unusable (${firstLine(error)}); reinstall Genre Lens`);
    }
    const session = await loadHead(baseUrl, 'genre.onnx', EXPECTED?.onnx, info, info.genres.length);
    const outside = info.outside ? await loadHead(baseUrl, 'outside.onnx', EXPECTED?.outside, info, info.outside.classes.length) : undefined;
    const yamnetBytes = await fetchVerified(baseUrl, 'model/yamnet.onnx', EXPECTED?.yamnet);
    let yamnet: ort.InferenceSession;
    try {
      yamnet = await ort.InferenceSession.create(yamnetBytes, YAMNET_SESSION_OPTIONS);
    } catch (error) {
      throw new Error(`model/yamnet.onnx is not a usable ONNX model (${firstLine(error)}); reinstall the extension`);
    }
    return new GenreModel(session, yamnet, info, outside);
  }

  predict(features: Float32Array): Promise<Float32Array> {
    return runHead(this.session, features);
  }

  /** The outside head's probabilities ("one of the five", then the genres it names); undefined without one. */
  get predictOutside(): ((features: Float32Array) => Promise<Float32Array>) | undefined {
    const outside = this.outside;
    return outside && ((features) => runHead(outside, features));
  }
}

/** One of the linear heads (genre.onnx, outside.onnx): checked against this build's digest and the feature code. */
async function loadHead(baseUrl: string, file: string, expected: string | undefined, info: ModelInfo, classes: number): Promise<ort.InferenceSession> {
  const bytes = await fetchVerified(baseUrl, `model/${file}`, expected);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (error) {
    throw new Error(`model/${file} is not a usable ONNX model (${firstLine(error)}); reinstall the extension`);
  }
  try {
    assertOnnxShapes(info, tensorShape(session.inputMetadata[0]), tensorShape(session.outputMetadata[0]), file, classes);
  } catch (error) {
    throw new Error(`model/${firstLine(error)}; reinstall Genre Lens`);
  }
  return session;
}

async function runHead(session: ort.InferenceSession, features: Float32Array): Promise<Float32Array> {
  const input = new ort.Tensor('float32', features, [1, features.length]);
  const output = await session.run({ [session.inputNames[0]!]: input });
  return output[session.outputNames[0]!]!.data as Float32Array;
}

async function fetchVerified(baseUrl: string, name: string, expected: string | undefined): Promise<Uint8Array> {
  const response = await fetch(`${baseUrl}${name}`).catch(() => undefined);
  if (!response?.ok) throw new Error(`${name} is missing from the extension; rebuild it with \`npm run build\``);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // The file must be the one this build shipped (a damaged or swapped file must not run).
  if (expected && (await sha256Hex(bytes)) !== expected) throw new Error(`${name} is damaged (its SHA-256 does not match this build); reinstall Genre Lens`);
  return bytes;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A model input's or output's shape, when onnxruntime knows it. */
export function tensorShape(metadata: ort.InferenceSession.ValueMetadata | undefined): readonly unknown[] | undefined {
  return metadata?.isTensor ? metadata.shape : undefined;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
