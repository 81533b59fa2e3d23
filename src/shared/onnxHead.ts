/**
 * The linear heads (model/genre.onnx, model/outside.onnx) in onnxruntime-web: one loader for the
 * engine and the tools, with one set of session options, checked against model.json's feature
 * width and the head's classes before anything runs.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { assertOnnxShapes } from '../core/model.ts';

export const HEAD_SESSION_OPTIONS: InferenceSession.SessionOptions = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };

/** The onnxruntime-web build in use (the engine bundles 'onnxruntime-web/wasm', the tools import 'onnxruntime-web'). */
export interface OrtBuild {
  InferenceSession: typeof InferenceSession;
  Tensor: typeof Tensor;
}

export class OnnxHead {
  private constructor(
    private readonly ort: OrtBuild,
    private readonly session: InferenceSession,
    readonly featureCount: number,
    readonly classCount: number,
  ) {}

  /** `name` is the file as errors name it (e.g. "model/genre.onnx"); it must read `features` values and give `classes` probabilities. */
  static async create(ort: OrtBuild, bytes: Uint8Array, name: string, features: number, classes: number): Promise<OnnxHead> {
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, HEAD_SESSION_OPTIONS);
    } catch (error) {
      throw new Error(`${name} is not a usable ONNX model (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`);
    }
    assertOnnxShapes(tensorShape(session.inputMetadata[0]), tensorShape(session.outputMetadata[0]), name, features, classes);
    return new OnnxHead(ort, session, features, classes);
  }

  /** One window's probabilities. */
  async predict(features: Float32Array): Promise<Float32Array> {
    return (await this.predictRows([features]))[0]!;
  }

  /** Probabilities for each row of features, in one run. */
  async predictRows(rows: readonly Float32Array[]): Promise<Float32Array[]> {
    if (rows.length === 0) return [];
    const input = new Float32Array(rows.length * this.featureCount);
    rows.forEach((row, i) => {
      input.set(row, i * this.featureCount);
    });
    const output = await this.session.run({ [this.session.inputNames[0]!]: new this.ort.Tensor('float32', input, [rows.length, this.featureCount]) });
    const data = output[this.session.outputNames[0]!]!.data as Float32Array;
    return rows.map((_, i) => data.slice(i * this.classCount, (i + 1) * this.classCount));
  }
}

/** A model input's or output's shape, when onnxruntime knows it. */
function tensorShape(metadata: InferenceSession.ValueMetadata | undefined): readonly unknown[] | undefined {
  return metadata?.isTensor ? metadata.shape : undefined;
}
