/**
 * TFLite → ONNX, operator by operator, for the operators of YAMNet's graph (README of
 * ../shared/models/yamnet). TFLite computes in NHWC, ONNX's Conv in NCHW: a convolution's
 * output stays NCHW and an NHWC copy is made only where an operator that is not a convolution
 * reads it. Int8 weights stay int8 in the file, behind DequantizeLinear (symmetric, zero point
 * 0, one scale per tensor). Outputs: the 521 scores and the 1024-value embedding (the MEAN
 * before the classifier).
 *
 * With `hybrid`, the converter also reproduces TFLite's "hybrid" kernels: where an int8-weight
 * FULLY_CONNECTED or CONV_2D reads float activations, TFLite quantises them on the fly
 * (symmetric int8, one scale per row of a fully connected layer's input, one per image of a
 * convolution's) and multiplies integers. Rounding the activations the same way in float gives
 * the same result up to the order of float additions.
 */
import type { AttributeValue, Initializer, OnnxGraph, OnnxNode } from '../onnxProto.ts';
import type { TfliteModel, TfliteOperator, TfliteTensor } from './tflite.ts';
import { SPECTROGRAM_BINS, SPECTROGRAM_FRAMES } from '../../../src/core/yamnetFrontEnd.ts';

/** How the int8 weights are stored: as int8 behind DequantizeLinear, or already dequantized to float32 or float16 (behind Cast). */
export type WeightStorage = 'int8' | 'float32' | 'float16';

export interface ConvertOptions {
  /** Emulate TFLite's on-the-fly int8 quantisation of activations (see above). */
  hybrid: boolean;
  weights: WeightStorage;
  /** Names of the graph outputs: the scores and the embedding. */
  scores: string;
  embedding: string;
  input: string;
  /**
   * 'waveform': the graph starts at the audio, as YAMNet's does. 'magnitude': it starts at the
   * patch's magnitude spectrogram [96, 257] (the DFT is computed outside, as an FFT).
   */
  start?: 'waveform' | 'magnitude';
}

/** Fused activation functions (ActivationFunctionType in schema.fbs). */
const RELU = 1;
const RELU6 = 3;

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: Initializer[] = [];
  private counter = 0;

  name(hint: string): string {
    return `${hint.replace(/[^A-Za-z0-9_]/g, '_').slice(-48)}_${this.counter++}`;
  }

  node(op: string, inputs: string[], attributes?: Record<string, AttributeValue>, hint = op): string {
    const output = this.name(hint);
    this.nodes.push({ op, inputs, outputs: [output], ...(attributes ? { attributes } : {}) });
    return output;
  }

  constant(hint: string, type: Initializer['type'], dims: number[], values: ArrayLike<number>): string {
    const name = this.name(hint);
    this.initializers.push({ name, dims, type, values });
    return name;
  }
}

function int32s(t: TfliteTensor): number[] {
  if (!t.data || t.type !== 'int32') throw new Error(`${t.name}: expected a constant int32 tensor`);
  return Array.from(new Int32Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength)));
}

function float32s(t: TfliteTensor): Float32Array {
  if (!t.data || t.type !== 'float32') throw new Error(`${t.name}: expected a constant float32 tensor`);
  return new Float32Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
}

function int8s(t: TfliteTensor): Int8Array {
  if (!t.data || t.type !== 'int8') throw new Error(`${t.name}: expected a constant int8 tensor`);
  return new Int8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
}

/** Reorders a row-major tensor of `shape` by `perm` (the transpose's output axes). */
function permute<T extends Int8Array | Float32Array>(data: T, shape: number[], perm: number[]): T {
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const index = new Array(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let source = 0;
    for (let k = 0; k < perm.length; k++) source += index[k] * strides[perm[k]!]!;
    out[o] = data[source]!;
    for (let k = outShape.length - 1; k >= 0; k--) {
      if (++index[k] < outShape[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}

/** SAME padding as TFLite computes it: the extra pixel of an odd total goes after. */
function samePads(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + kernel - size);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

export function convertTflite(model: TfliteModel, options: ConvertOptions): OnnxGraph {
  const g = new GraphBuilder();
  const { tensors } = model;
  /** ONNX value of each TFLite tensor, in its own layout (NHWC for 4-D), and NCHW copies of 4-D ones. */
  const nhwc = new Map<number, string>();
  const nchw = new Map<number, string>();
  /** DEQUANTIZE of a constant: its output tensor → the int8 constant (folded into the weight's consumer). */
  const dequantized = new Map<number, TfliteTensor>();

  const input = model.inputs[0]!;
  nhwc.set(input, options.input);

  const valueFor = (index: number): string => {
    const known = nhwc.get(index);
    if (known) return known;
    const copy = nchw.get(index);
    if (copy) {
      const value = g.node('Transpose', [copy], { perm: NCHW_TO_NHWC }, 'to_nhwc');
      nhwc.set(index, value);
      return value;
    }
    const t = tensors[index]!;
    if (!t.data) throw new Error(`${t.name}: used before it is computed`);
    return t.type === 'int32' ? g.constant(t.name, 'int64', t.shape, int32s(t)) : g.constant(t.name, 'float32', t.shape, float32s(t));
  };
  const nchwOf = (index: number): string => {
    const known = nchw.get(index);
    if (known) return known;
    const value = g.node('Transpose', [valueFor(index)], { perm: NHWC_TO_NCHW }, 'to_nchw');
    nchw.set(index, value);
    return value;
  };
  const int64 = (hint: string, values: number[]) => g.constant(hint, 'int64', [values.length], values);
  const activation = (value: string, fused: number): string => {
    if (fused === 0) return value;
    if (fused === RELU) return g.node('Relu', [value]);
    if (fused === RELU6) return g.node('Clip', [value, g.constant('zero', 'float32', [], [0]), g.constant('six', 'float32', [], [6])]);
    throw new Error(`fused activation ${fused} is not supported`);
  };
  /** An int8 weight as float: DequantizeLinear of the (re-laid-out) int8 constant, or its values dequantized here. */
  const dequantize = (t: TfliteTensor, dims: number[], values: Int8Array): string => {
    if (t.scale.length !== 1 || (t.zeroPoint[0] ?? 0) !== 0) throw new Error(`${t.name}: only symmetric per-tensor int8 weights are supported`);
    const scale = t.scale[0]!;
    if (options.weights === 'float32') return g.constant(t.name, 'float32', dims, Float32Array.from(values, (v) => v * scale));
    if (options.weights === 'float16') return g.node('Cast', [g.constant(t.name, 'float16', dims, Float32Array.from(values, (v) => v * scale))], { to: 1 }, 'dequantized');
    const q = g.constant(t.name, 'int8', dims, values);
    return g.node('DequantizeLinear', [q, g.constant(`${t.name}_scale`, 'float32', [], [scale]), g.constant(`${t.name}_zero`, 'int8', [], [0])], undefined, 'dequantized');
  };
  /** TFLite hybrid kernels' input quantisation: round to int8 steps of max|x| / 127 over `axes` (kept), back to float. */
  const quantizeActivations = (value: string, axes: number[]): string => {
    if (!options.hybrid) return value;
    const max = g.node('ReduceMax', [g.node('Abs', [value])], { axes, keepdims: 1 });
    // All-zero input: any step gives zeros; avoid 0/0.
    const step = g.node('Max', [g.node('Div', [max, g.constant('q127', 'float32', [], [127])]), g.constant('tiny', 'float32', [], [1e-30])]);
    return g.node('Mul', [g.node('Round', [g.node('Div', [value, step])]), step], undefined, 'quantized');
  };

  const convert = (op: TfliteOperator): void => {
    const [a = -1, b = -1, c = -1] = op.inputs;
    const out = op.outputs[0]!;
    const ta = tensors[a]!;
    const o = op.options;
    switch (op.op) {
      case 'RESHAPE': {
        const shape = b >= 0 && tensors[b]!.data ? int32s(tensors[b]!) : (o?.ints(0) ?? tensors[out]!.shape);
        nhwc.set(out, g.node('Reshape', [valueFor(a), int64('shape', shape)]));
        return;
      }
      case 'SLICE': {
        const begin = int32s(tensors[b]!);
        const size = int32s(tensors[c]!);
        const ends = size.map((s, i) => (s < 0 ? 2 ** 31 - 1 : begin[i]! + s));
        nhwc.set(out, g.node('Slice', [valueFor(a), int64('starts', begin), int64('ends', ends), int64('axes', begin.map((_, i) => i))]));
        return;
      }
      case 'STRIDED_SLICE': {
        const begin = int32s(tensors[b]!);
        const end = int32s(tensors[c]!);
        const strides = int32s(tensors[op.inputs[3]!]!);
        const [beginMask, endMask, ellipsis, newAxis, shrink] = [0, 1, 2, 3, 4].map((s) => o?.int(s) ?? 0);
        if (ellipsis || newAxis || shrink) throw new Error('STRIDED_SLICE with ellipsis, new-axis or shrink masks is not supported');
        const big = 2 ** 31 - 1;
        const starts = begin.map((v, i) => (beginMask & (1 << i) ? (strides[i]! > 0 ? 0 : big) : v));
        const ends = end.map((v, i) => (endMask & (1 << i) ? (strides[i]! > 0 ? big : -big) : v));
        nhwc.set(out, g.node('Slice', [valueFor(a), int64('starts', starts), int64('ends', ends), int64('axes', begin.map((_, i) => i)), int64('steps', strides)]));
        return;
      }
      case 'GATHER': {
        const axis = o?.int(0) ?? 0;
        nhwc.set(out, g.node('Gather', [valueFor(a), valueFor(b)], { axis }));
        return;
      }
      case 'MUL':
      case 'ADD': {
        const value = g.node(op.op === 'MUL' ? 'Mul' : 'Add', [valueFor(a), valueFor(b)]);
        nhwc.set(out, activation(value, o?.byte(0) ?? 0));
        return;
      }
      case 'PAD': {
        const paddings = int32s(tensors[b]!); // [[before, after] per axis]
        const rank = paddings.length / 2;
        const pads = [...Array.from({ length: rank }, (_, i) => paddings[2 * i]!), ...Array.from({ length: rank }, (_, i) => paddings[2 * i + 1]!)];
        nhwc.set(out, g.node('Pad', [valueFor(a), int64('pads', pads)], { mode: 'constant' }));
        return;
      }
      case 'SQRT':
        nhwc.set(out, g.node('Sqrt', [valueFor(a)]));
        return;
      case 'LOG':
        nhwc.set(out, g.node('Log', [valueFor(a)]));
        return;
      case 'LOGISTIC':
        nhwc.set(out, g.node('Sigmoid', [valueFor(a)]));
        return;
      case 'DEQUANTIZE':
        if (!ta.data) throw new Error(`${ta.name}: DEQUANTIZE of an activation is not supported`);
        dequantized.set(out, ta);
        return;
      case 'MEAN': {
        const axes = int32s(tensors[b]!);
        const keepdims = o?.bool(0) ? 1 : 0;
        // Over a convolution's output, reduce its NCHW copy: NHWC axes 1, 2, 3 are NCHW's 2, 3, 1.
        const fromNchw = nchw.has(a) && !nhwc.has(a) && ta.shape.length === 4 && !keepdims;
        const value = fromNchw
          ? g.node('ReduceMean', [nchw.get(a)!], { axes: axes.map((x) => NHWC_TO_NCHW.indexOf(x)), keepdims })
          : g.node('ReduceMean', [valueFor(a)], { axes, keepdims });
        nhwc.set(out, value);
        return;
      }
      case 'FULLY_CONNECTED': {
        const w = tensors[b]!;
        const [units, depth] = w.shape as [number, number];
        // x [N, depth] · Wᵀ: the weight is stored transposed, [depth, units], for MatMul.
        const weight =
          w.type === 'int8' ? dequantize(w, [depth, units], permute(int8s(w), w.shape, [1, 0])) : g.constant(w.name, 'float32', [depth, units], permute(float32s(w), w.shape, [1, 0]));
        let x = valueFor(a);
        if (ta.shape.length !== 2) x = g.node('Reshape', [x, int64('rows', [-1, depth])]);
        if (w.type === 'int8') x = quantizeActivations(x, [1]);
        let value = g.node('MatMul', [x, weight]);
        if (c >= 0) value = g.node('Add', [value, valueFor(c)]);
        nhwc.set(out, activation(value, o?.byte(0) ?? 0));
        return;
      }
      case 'CONV_2D':
      case 'DEPTHWISE_CONV_2D': {
        const depthwise = op.op === 'DEPTHWISE_CONV_2D';
        const w = dequantized.get(b) ?? tensors[b]!;
        // TFLite: conv [O, kh, kw, I], depthwise [1, kh, kw, C]; ONNX: [O, I/group, kh, kw].
        const perm = depthwise ? [3, 0, 1, 2] : [0, 3, 1, 2];
        const dims = perm.map((p) => w.shape[p]!);
        const weight = w.type === 'int8' ? dequantize(w, dims, permute(int8s(w), w.shape, perm)) : g.constant(w.name, 'float32', dims, permute(float32s(w), w.shape, perm));
        const strideW = o?.int(1, 1) ?? 1;
        const strideH = o?.int(2, 1) ?? 1;
        const fused = o?.byte(depthwise ? 4 : 3) ?? 0;
        const dilation = [o?.int(depthwise ? 6 : 5, 1) ?? 1, o?.int(depthwise ? 5 : 4, 1) ?? 1];
        if (dilation[0] !== 1 || dilation[1] !== 1) throw new Error('dilated convolutions are not supported');
        const [, height, width] = ta.shape as [number, number, number, number];
        const [kh, kw] = [dims[2]!, dims[3]!];
        const valid = (o?.byte(0) ?? 0) === 1;
        const [top, bottom] = valid ? [0, 0] : samePads(height, kh, strideH);
        const [left, right] = valid ? [0, 0] : samePads(width, kw, strideW);
        // Hybrid kernels quantise a convolution's input per image (a depthwise one dequantises its weights instead).
        const x = w.type === 'int8' && !depthwise && !dequantized.has(b) ? quantizeActivations(nchwOf(a), [1, 2, 3]) : nchwOf(a);
        const attributes: Record<string, AttributeValue> = { kernel_shape: [kh, kw], strides: [strideH, strideW], pads: [top, left, bottom, right] };
        if (depthwise) attributes.group = dims[0]!;
        const value = g.node('Conv', c >= 0 ? [x, weight, valueFor(c)] : [x, weight], attributes);
        nchw.set(out, activation(value, fused));
        return;
      }
      default:
        throw new Error(`TFLite ${op.op} is not supported by this converter`);
    }
  };

  let operators = model.operators;
  if (options.start === 'magnitude') {
    const sqrt = operators.findIndex((op) => op.op === 'SQRT');
    if (sqrt < 0) throw new Error('no magnitude spectrogram (SQRT) found to start from');
    const magnitudes = operators[sqrt]!.outputs[0]!;
    if (tensors[magnitudes]!.shape.join() !== [SPECTROGRAM_FRAMES, SPECTROGRAM_BINS].join()) {
      throw new Error(`the magnitude spectrogram is [${tensors[magnitudes]!.shape}], src/core/yamnetFrontEnd.ts makes [${SPECTROGRAM_FRAMES}, ${SPECTROGRAM_BINS}]`);
    }
    nhwc.set(magnitudes, options.input);
    operators = [...operators.slice(0, sqrt).filter((op) => op.op === 'DEQUANTIZE'), ...operators.slice(sqrt + 1)];
  }
  for (const op of operators) convert(op);

  const [scoresTensor] = model.outputs;
  const classifier = model.operators.find((op) => op.op === 'FULLY_CONNECTED' && tensors[op.inputs[0]!]!.shape.at(-1) === 1024);
  if (scoresTensor === undefined || !classifier) throw new Error('no classifier over a 1024-value embedding found');
  g.nodes.push({ op: 'Identity', inputs: [valueFor(scoresTensor)], outputs: [options.scores] });
  g.nodes.push({ op: 'Identity', inputs: [valueFor(classifier.inputs[0]!)], outputs: [options.embedding] });
  return {
    name: 'yamnet',
    opset: 13,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [{ name: options.input, dims: options.start === 'magnitude' ? [SPECTROGRAM_FRAMES, SPECTROGRAM_BINS] : tensors[input]!.shape }],
    outputs: [
      { name: options.scores, dims: tensors[scoresTensor]!.shape },
      { name: options.embedding, dims: [1, 1024] },
    ],
  };
}
