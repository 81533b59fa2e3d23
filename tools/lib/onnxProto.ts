/**
 * A minimal ONNX protobuf writer: ModelProto with one graph of nodes, initializers (float32,
 * int8, int32, int64) and typed inputs/outputs — what the genre model's exporter and the YAMNet
 * converter write. Encoded by hand: the few messages needed are small, and the npm protobuf
 * packages would bring a runtime schema for the same dozen fields.
 */

class Writer {
  private readonly chunks: Uint8Array[] = [];
  private readonly small: number[] = [];
  private length = 0;

  private flushSmall(): void {
    if (this.small.length === 0) return;
    this.chunks.push(Uint8Array.from(this.small));
    this.small.length = 0;
  }

  varint(value: number | bigint): this {
    let v = BigInt(value);
    if (v < 0n) v += 1n << 64n;
    while (v >= 0x80n) {
      this.small.push(Number((v & 0x7fn) | 0x80n));
      this.length++;
      v >>= 7n;
    }
    this.small.push(Number(v));
    this.length++;
    return this;
  }
  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  int(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }
  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(Float32Array.of(value).buffer);
    for (const b of bytes) this.small.push(b);
    this.length += 4;
    return this;
  }
  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    this.flushSmall();
    this.chunks.push(data);
    this.length += data.length;
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
    this.flushSmall();
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** TensorProto.DataType values. */
export const DTYPE = { float32: 1, int8: 3, int32: 6, int64: 7, float16: 10 } as const;
export type DType = keyof typeof DTYPE;

export interface Initializer {
  name: string;
  dims: number[];
  type: DType;
  values: ArrayLike<number>;
}

export type AttributeValue = number | number[] | { float: number } | string;

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Initializer[];
  /** Graph inputs and outputs: float32, dims a number or a symbolic name. */
  inputs: { name: string; dims: (number | string)[] }[];
  outputs: { name: string; dims: (number | string)[] }[];
  opset: number;
}

function rawBytes(type: DType, values: ArrayLike<number>): Uint8Array {
  switch (type) {
    case 'float32':
      return new Uint8Array(Float32Array.from(values).buffer);
    case 'int8':
      return new Uint8Array(Int8Array.from(values).buffer);
    case 'int32':
      return new Uint8Array(Int32Array.from(values).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
    case 'float16':
      return new Uint8Array(Uint16Array.from(values, toHalf).buffer);
  }
}

/** IEEE 754 half precision bits of a float32 value (round to nearest even; no NaN handling needed for weights). */
function toHalf(value: number): number {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  f[0] = value;
  const x = u[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = ((x >>> 23) & 0xff) - 127 + 15;
  const mantissa = x & 0x7fffff;
  if (exponent >= 31) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    const m = (mantissa | 0x800000) >>> (1 - exponent);
    return sign | ((m + 0x1000 + ((m >>> 13) & 1) - 1) >>> 13);
  }
  const rounded = mantissa + 0xfff + ((mantissa >>> 13) & 1);
  return rounded & 0x800000 ? sign | ((exponent + 1) << 10) : sign | (exponent << 10) | (rounded >>> 13);
}

function writeAttribute(w: Writer, name: string, value: AttributeValue): void {
  w.string(1, name);
  // AttributeProto: f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7).
  if (typeof value === 'number') w.int(3, value).int(20, 2);
  else if (typeof value === 'string') w.string(4, value).int(20, 3);
  else if (Array.isArray(value)) {
    for (const v of value) w.int(8, v);
    w.int(20, 7);
  } else w.float(2, value.float).int(20, 1);
}

function writeValueInfo(w: Writer, name: string, dims: (number | string)[]): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (t) => {
      t.int(1, DTYPE.float32);
      t.message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => (typeof d === 'string' ? dim.string(2, d) : dim.int(1, d)));
      });
    }),
  );
}

/** ModelProto bytes for a graph (default domain only, so onnxruntime-web runs it without contrib ops). */
export function encodeModel(graph: OnnxGraph): Uint8Array {
  const root = new Writer();
  root.int(1, 8); // ir_version
  root.string(2, 'genre-lens');
  root.string(3, '1');
  root.message(8, (op) => op.string(1, '').int(2, graph.opset));
  root.message(7, (g) => {
    for (const n of graph.nodes) {
      g.message(1, (w) => {
        for (const input of n.inputs) w.string(1, input);
        for (const output of n.outputs) w.string(2, output);
        w.string(3, `${n.op}_${n.outputs[0]}`);
        w.string(4, n.op);
        for (const [name, value] of Object.entries(n.attributes ?? {})) w.message(5, (a) => writeAttribute(a, name, value));
      });
    }
    g.string(2, graph.name);
    for (const t of graph.initializers) {
      g.message(5, (w) => {
        for (const d of t.dims) w.int(1, d);
        w.int(2, DTYPE[t.type]);
        w.string(8, t.name);
        w.bytes(9, rawBytes(t.type, t.values));
      });
    }
    for (const v of graph.inputs) g.message(11, (w) => writeValueInfo(w, v.name, v.dims));
    for (const v of graph.outputs) g.message(12, (w) => writeValueInfo(w, v.name, v.dims));
  });
  return root.finish();
}
