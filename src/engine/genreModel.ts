/**
 * Loads the shipped models (src/shared/modelFiles.ts: model.json, the heads, YAMNet) into
 * onnxruntime-web, from the extension's own files, checks their digests, and checks
 * (parseModelInfo, OnnxHead's shapes) that they fit the feature code before anything runs.
 */
import * as ort from 'onnxruntime-web/wasm';
import { type ModelInfo, parseModelInfo } from '../core/model.ts';
import type { PatchNetwork } from '../core/patchPipeline.ts';
import { MODEL_FILES, type ModelDigests, type ModelFile } from '../shared/modelFiles.ts';
import { OnnxHead } from '../shared/onnxHead.ts';
import { SHIPPED_EAR } from '../core/spec.ts';
import { EAR_SESSION_OPTIONS, earNetwork } from '../shared/earSession.ts';

declare const __MODEL_SHA256__: ModelDigests | undefined;
/** SHA-256 of the model files, embedded by build.mjs; absent under Node (tests load files directly). */
const EXPECTED = typeof __MODEL_SHA256__ === 'undefined' ? undefined : __MODEL_SHA256__;

export class GenreModel {
  /** The shipped ear (YAMNet), one patch at a time (src/shared/earSession.ts). */
  readonly network: PatchNetwork;

  private constructor(
    private readonly head: OnnxHead,
    yamnet: ort.InferenceSession,
    readonly info: ModelInfo,
    private readonly outside: OnnxHead | undefined,
  ) {
    this.network = earNetwork(SHIPPED_EAR, yamnet, ort.Tensor);
  }

  /**
   * @param timings filled as loading goes (Date.now()): the first session made (the runtime
   * compiled), then all of them, then the first run done
   */
  static async load(baseUrl: string, timings: { runtimeCompiledAt?: number; sessionsCreatedAt?: number; warmedUpAt?: number } = {}): Promise<GenreModel> {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = { wasm: `${baseUrl}ort/ort-wasm-simd-threaded.wasm` };
    // Each file is checked against this build's digest before anything reads it.
    const jsonBytes = await fetchVerified(baseUrl, 'info');
    let info: ModelInfo;
    try {
      info = parseModelInfo(JSON.parse(new TextDecoder().decode(jsonBytes)));
    } catch (error) {
      throw new Error(`${MODEL_FILES.info} is unusable (${firstLine(error)}); reinstall Genre Lens`);
    }
    const head = await loadHead(baseUrl, 'genre', info, info.genres.length);
    timings.runtimeCompiledAt = Date.now();
    const outside = info.outside ? await loadHead(baseUrl, 'outside', info, info.outside.classes.length) : undefined;
    const yamnetBytes = await fetchVerified(baseUrl, 'ear');
    let yamnet: ort.InferenceSession;
    try {
      yamnet = await ort.InferenceSession.create(yamnetBytes, EAR_SESSION_OPTIONS);
    } catch (error) {
      throw new Error(`${MODEL_FILES.ear} is not a usable ONNX model (${firstLine(error)}); reinstall the extension`);
    }
    timings.sessionsCreatedAt = Date.now();
    const model = new GenreModel(head, yamnet, info, outside);
    await model.warmUp();
    timings.warmedUpAt = Date.now();
    return model;
  }

  /**
   * One run of each network on silence while the first second of audio is still playing: a
   * session's first run pays for its allocations, and that run would otherwise delay the first
   * answer (npm run bench:browser's cold path).
   */
  private async warmUp(): Promise<void> {
    const features = new Float32Array(this.info.spec.featureNames.length);
    await Promise.all([this.network(new Float32Array(this.info.spec.patchSamples)), this.head.predict(features), this.outside?.predict(features)]);
  }

  predict(features: Float32Array): Promise<Float32Array> {
    return this.head.predict(features);
  }

  /** The outside head's probabilities ("one of the five", then the genres it names); undefined without one. */
  get predictOutside(): ((features: Float32Array) => Promise<Float32Array>) | undefined {
    const outside = this.outside;
    return outside && ((features) => outside.predict(features));
  }
}

/** One of the linear heads: checked against this build's digest and the feature code. */
async function loadHead(baseUrl: string, file: 'genre' | 'outside', info: ModelInfo, classes: number): Promise<OnnxHead> {
  const bytes = await fetchVerified(baseUrl, file);
  try {
    return await OnnxHead.create(ort, bytes, MODEL_FILES[file], info.spec.featureNames.length, classes);
  } catch (error) {
    throw new Error(`${firstLine(error)}; reinstall Genre Lens`);
  }
}

async function fetchVerified(baseUrl: string, file: ModelFile): Promise<Uint8Array> {
  const name = MODEL_FILES[file];
  const response = await fetch(`${baseUrl}${name}`).catch(() => undefined);
  if (!response?.ok) throw new Error(`${name} is missing from the extension; rebuild it with \`npm run build\``);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // The file must be the one this build shipped (a damaged or swapped file must not run).
  const expected = EXPECTED?.[file];
  if (expected && (await sha256Hex(bytes)) !== expected) throw new Error(`${name} is damaged (its SHA-256 does not match this build); reinstall Genre Lens`);
  return bytes;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
