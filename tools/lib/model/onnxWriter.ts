/**
 * Writes the linear genre model as a plain ONNX graph (opset 13, default
 * domain only, so onnxruntime-web runs it without the ai.onnx.ml ops):
 *   features [N, F] -> Sub(mean) -> Mul(1/scale) -> MatMul(W) -> Add(b)
 *     -> Softmax                                    (multinomial)
 *     -> Sigmoid -> Div(ReduceSum(keepdims))        (one-vs-rest)
 *   -> probabilities [N, C]
 * The protobuf is encoded by hand: the few messages needed are small.
 */
import type { LinearModel } from '../../../src/core/model.ts';

export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'probabilities';

class Writer {
  private readonly parts: number[] = [];
  varint(value: number | bigint): this {
    let v = BigInt(value);
    if (v < 0n) v += 1n << 64n;
    while (v >= 0x80n) {
      this.parts.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.parts.push(Number(v));
    return this;
  }
  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  int(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }
  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.parts.push(b);
    return this;
  }
  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }
  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_INT = 2;

function tensor(w: Writer, name: string, dims: number[], values: ArrayLike<number>, type = FLOAT) {
  for (const d of dims) w.int(1, d);
  w.int(2, type);
  w.string(8, name);
  if (type === FLOAT) {
    const raw = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) raw[i] = values[i]!;
    w.bytes(9, new Uint8Array(raw.buffer));
  } else {
    const raw = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) raw[i] = BigInt(values[i]!);
    w.bytes(9, new Uint8Array(raw.buffer));
  }
}

function node(w: Writer, op: string, inputs: string[], outputs: string[], attributes: Record<string, number> = {}) {
  for (const i of inputs) w.string(1, i);
  for (const o of outputs) w.string(2, o);
  w.string(3, `${op}_${outputs[0]}`);
  w.string(4, op);
  for (const [name, value] of Object.entries(attributes)) {
    w.message(5, (a) => a.string(1, name).int(3, value).int(20, ATTRIBUTE_INT));
  }
}

function valueInfo(w: Writer, name: string, dims: (number | string)[]) {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (t) => {
      t.int(1, FLOAT);
      t.message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => (typeof d === 'string' ? dim.string(2, d) : dim.int(1, d)));
      });
    }),
  );
}

export function linearModelToOnnx(model: LinearModel): Uint8Array {
  const classes = model.weights.length;
  const features = model.mean.length;
  const matrix = new Float32Array(features * classes); // [F, C] for MatMul
  for (let c = 0; c < classes; c++) for (let f = 0; f < features; f++) matrix[f * classes + c] = model.weights[c]![f]!;
  const inverseScale = model.scale.map((s) => 1 / s);
  const root = new Writer();
  root.int(1, 8); // ir_version
  root.string(2, 'genre-lens');
  root.string(3, '1');
  root.message(8, (op) => op.string(1, '').int(2, 13));
  root.message(7, (g) => {
    g.message(1, (n) => node(n, 'Sub', [ONNX_INPUT, 'mean'], ['centered']));
    g.message(1, (n) => node(n, 'Mul', ['centered', 'inverse_scale'], ['standardized']));
    g.message(1, (n) => node(n, 'MatMul', ['standardized', 'weights'], ['linear']));
    g.message(1, (n) => node(n, 'Add', ['linear', 'bias'], ['scores']));
    if (model.kind === 'multinomial') {
      g.message(1, (n) => node(n, 'Softmax', ['scores'], [ONNX_OUTPUT], { axis: -1 }));
    } else {
      g.message(1, (n) => node(n, 'Sigmoid', ['scores'], ['ovr_scores']));
      g.message(1, (n) => node(n, 'ReduceSum', ['ovr_scores', 'sum_axes'], ['ovr_total'], { keepdims: 1 }));
      g.message(1, (n) => node(n, 'Div', ['ovr_scores', 'ovr_total'], [ONNX_OUTPUT]));
    }
    g.string(2, 'genre_lens_linear');
    g.message(5, (t) => tensor(t, 'mean', [features], model.mean));
    g.message(5, (t) => tensor(t, 'inverse_scale', [features], inverseScale));
    g.message(5, (t) => tensor(t, 'weights', [features, classes], matrix));
    g.message(5, (t) => tensor(t, 'bias', [classes], model.bias));
    if (model.kind === 'ovr') g.message(5, (t) => tensor(t, 'sum_axes', [1], [1], INT64));
    g.message(11, (v) => valueInfo(v, ONNX_INPUT, ['N', features]));
    g.message(12, (v) => valueInfo(v, ONNX_OUTPUT, ['N', classes]));
  });
  return root.finish();
}
