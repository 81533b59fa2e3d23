/**
 * Reads a TFLite model (a flatbuffer of tensorflow/lite/schema/schema.fbs) into plain objects:
 * tensors (shape, type, data, quantisation), operators (builtin code, inputs, outputs, options).
 * Only the tables and fields a converter needs; flatbuffers' ByteBuffer does the decoding
 * (no flatc here to generate accessors, so the few field slots are written out below).
 */
import { ByteBuffer } from 'flatbuffers';

/** TensorType in schema.fbs. */
export const TENSOR_TYPE = { 0: 'float32', 1: 'float16', 2: 'int32', 3: 'uint8', 4: 'int64', 9: 'int8' } as const;
export type TensorTypeName = (typeof TENSOR_TYPE)[keyof typeof TENSOR_TYPE];

/** BuiltinOperator codes in schema.fbs (the ones YAMNet's graph uses, and a few neighbours). */
export const BUILTIN = {
  0: 'ADD',
  3: 'CONV_2D',
  4: 'DEPTHWISE_CONV_2D',
  6: 'DEQUANTIZE',
  9: 'FULLY_CONNECTED',
  14: 'LOGISTIC',
  18: 'MUL',
  19: 'RELU',
  21: 'RELU6',
  22: 'RESHAPE',
  34: 'PAD',
  36: 'GATHER',
  40: 'MEAN',
  45: 'STRIDED_SLICE',
  65: 'SLICE',
  73: 'LOG',
  75: 'SQRT',
} as const;
export type BuiltinName = (typeof BUILTIN)[keyof typeof BUILTIN];

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  type: TensorTypeName;
  /** The constant's bytes (weights), or undefined for an activation. */
  data: Uint8Array | undefined;
  scale: number[];
  zeroPoint: number[];
}

export interface TfliteOperator {
  op: BuiltinName;
  /** Tensor indices; -1 for an optional input left out. */
  inputs: number[];
  outputs: number[];
  /** The builtin options table's fields by slot, read as int32 (options are ints, bools and enums here) where present. */
  options: OptionsReader | undefined;
}

export interface TfliteModel {
  tensors: TfliteTensor[];
  operators: TfliteOperator[];
  inputs: number[];
  outputs: number[];
}

/** A builtin options table: fields by their slot number in schema.fbs. */
export class OptionsReader {
  constructor(
    private readonly bb: ByteBuffer,
    private readonly pos: number,
  ) {}

  int(slot: number, fallback = 0): number {
    const o = this.bb.__offset(this.pos, 4 + 2 * slot);
    return o ? this.bb.readInt32(this.pos + o) : fallback;
  }

  byte(slot: number, fallback = 0): number {
    const o = this.bb.__offset(this.pos, 4 + 2 * slot);
    return o ? this.bb.readInt8(this.pos + o) : fallback;
  }

  bool(slot: number): boolean {
    return this.byte(slot) !== 0;
  }

  ints(slot: number): number[] {
    const o = this.bb.__offset(this.pos, 4 + 2 * slot);
    if (!o) return [];
    const start = this.bb.__vector(this.pos + o);
    return Array.from({ length: this.bb.__vector_len(this.pos + o) }, (_, i) => this.bb.readInt32(start + 4 * i));
  }
}

class Table {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {}

  private field(slot: number): number {
    return this.bb.__offset(this.pos, 4 + 2 * slot);
  }

  has(slot: number): boolean {
    return this.field(slot) !== 0;
  }

  uint(slot: number): number {
    const o = this.field(slot);
    return o ? this.bb.readUint32(this.pos + o) : 0;
  }

  int(slot: number): number {
    const o = this.field(slot);
    return o ? this.bb.readInt32(this.pos + o) : 0;
  }

  byte(slot: number): number {
    const o = this.field(slot);
    return o ? this.bb.readInt8(this.pos + o) : 0;
  }

  string(slot: number): string {
    const o = this.field(slot);
    return o ? (this.bb.__string(this.pos + o) as string) : '';
  }

  table(slot: number): Table | undefined {
    const o = this.field(slot);
    return o ? new Table(this.bb, this.bb.__indirect(this.pos + o)) : undefined;
  }

  tables(slot: number): Table[] {
    const o = this.field(slot);
    if (!o) return [];
    const start = this.bb.__vector(this.pos + o);
    return Array.from({ length: this.bb.__vector_len(this.pos + o) }, (_, i) => new Table(this.bb, this.bb.__indirect(start + 4 * i)));
  }

  ints(slot: number): number[] {
    const o = this.field(slot);
    if (!o) return [];
    const start = this.bb.__vector(this.pos + o);
    return Array.from({ length: this.bb.__vector_len(this.pos + o) }, (_, i) => this.bb.readInt32(start + 4 * i));
  }

  floats(slot: number): number[] {
    const o = this.field(slot);
    if (!o) return [];
    const start = this.bb.__vector(this.pos + o);
    return Array.from({ length: this.bb.__vector_len(this.pos + o) }, (_, i) => this.bb.readFloat32(start + 4 * i));
  }

  longs(slot: number): number[] {
    const o = this.field(slot);
    if (!o) return [];
    const start = this.bb.__vector(this.pos + o);
    return Array.from({ length: this.bb.__vector_len(this.pos + o) }, (_, i) => Number(this.bb.readInt64(start + 8 * i)));
  }

  bytes(slot: number): Uint8Array | undefined {
    const o = this.field(slot);
    if (!o) return undefined;
    const start = this.bb.__vector(this.pos + o);
    return this.bb.bytes().subarray(start, start + this.bb.__vector_len(this.pos + o));
  }
}

/** Parses a .tflite file's bytes; unknown operators or tensor types are errors naming them. */
export function readTflite(bytes: Uint8Array): TfliteModel {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(4, 8)) !== 'TFL3') throw new Error('not a TFLite model (no TFL3 identifier)');
  const bb = new ByteBuffer(bytes);
  const model = new Table(bb, bb.readInt32(bb.position()) + bb.position());
  // Model: version 0, operator_codes 1, subgraphs 2, description 3, buffers 4.
  const codes = model.tables(1).map((c) => {
    // OperatorCode: deprecated_builtin_code 0 (byte), custom_code 1, version 2, builtin_code 3 (int).
    const code = Math.max(c.byte(0), c.int(3));
    const name = BUILTIN[code as keyof typeof BUILTIN];
    if (!name) throw new Error(`TFLite operator ${code} is not supported by this converter`);
    return name;
  });
  const buffers = model.tables(4).map((b) => b.bytes(0)); // Buffer: data 0
  const subgraphs = model.tables(2);
  if (subgraphs.length !== 1) throw new Error(`the model has ${subgraphs.length} subgraphs; one is supported`);
  const graph = subgraphs[0]!;
  // SubGraph: tensors 0, inputs 1, outputs 2, operators 3, name 4.
  const tensors = graph.tables(0).map((t, index): TfliteTensor => {
    // Tensor: shape 0, type 1, buffer 2, name 3, quantization 4.
    const typeCode = t.byte(1);
    const type = TENSOR_TYPE[typeCode as keyof typeof TENSOR_TYPE];
    if (!type) throw new Error(`tensor ${t.string(3)} has TFLite type ${typeCode}, not supported`);
    const data = buffers[t.uint(2)];
    const q = t.table(4); // QuantizationParameters: min 0, max 1, scale 2, zero_point 3, quantized_dimension 6
    return {
      index,
      name: t.string(3),
      shape: t.ints(0),
      type,
      data: data && data.length > 0 ? data : undefined,
      scale: q?.floats(2) ?? [],
      zeroPoint: q?.longs(3) ?? [],
    };
  });
  const operators = graph.tables(3).map((o): TfliteOperator => {
    // Operator: opcode_index 0, inputs 1, outputs 2, builtin_options_type 3, builtin_options 4.
    const options = o.table(4);
    return { op: codes[o.uint(0)]!, inputs: o.ints(1), outputs: o.ints(2), options: options ? new OptionsReader(bb, options.pos) : undefined };
  });
  return { tensors, operators, inputs: graph.ints(1), outputs: graph.ints(2) };
}
