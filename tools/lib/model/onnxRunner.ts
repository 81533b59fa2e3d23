/** Runs an exported genre model with onnxruntime-web in Node (the extension's runtime). */
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import { ONNX_INPUT, ONNX_OUTPUT } from './onnxWriter.ts';

ort.env.wasm.numThreads = 1;

export class OnnxGenreModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly featureCount: number,
    readonly classCount: number,
  ) {}

  static async load(file: string, featureCount: number, classCount: number): Promise<OnnxGenreModel> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      throw new Error(`${file}: model file not found (run \`npm run train\` or pass --model)`);
    }
    try {
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      return new OnnxGenreModel(session, featureCount, classCount);
    } catch (error) {
      throw new Error(`${file}: not a usable ONNX model (${error instanceof Error ? error.message.split('\n')[0] : error})`);
    }
  }

  /** The model's input and output shapes, where onnxruntime knows them. */
  get inputShape(): readonly unknown[] | undefined {
    const m = this.session.inputMetadata[0];
    return m?.isTensor ? m.shape : undefined;
  }

  get outputShape(): readonly unknown[] | undefined {
    const m = this.session.outputMetadata[0];
    return m?.isTensor ? m.shape : undefined;
  }

  /** Probabilities for each row of features, as arrays of classCount numbers. */
  async predict(rows: readonly Float32Array[]): Promise<Float32Array[]> {
    if (rows.length === 0) return [];
    const input = new Float32Array(rows.length * this.featureCount);
    rows.forEach((r, i) => {
      input.set(r, i * this.featureCount);
    });
    const result = await this.session.run({ [ONNX_INPUT]: new ort.Tensor('float32', input, [rows.length, this.featureCount]) });
    const data = result[ONNX_OUTPUT]!.data as Float32Array;
    return rows.map((_, i) => data.slice(i * this.classCount, (i + 1) * this.classCount));
  }
}
