/**
 * Writes the linear genre model as a plain ONNX graph (opset 13, default
 * domain only, so onnxruntime-web runs it without the ai.onnx.ml ops):
 *   features [N, F] -> Sub(mean) -> Mul(1/scale) -> MatMul(W) -> Add(b)
 *     -> Softmax                                    (multinomial)
 *     -> Sigmoid -> Div(ReduceSum(keepdims))        (one-vs-rest)
 *   -> probabilities [N, C]
 * Encoded by tools/lib/onnxProto.ts.
 */
import type { LinearModel } from '../../../src/core/model.ts';
import { encodeModel, type OnnxNode } from '../onnxProto.ts';

export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'probabilities';

export function linearModelToOnnx(model: LinearModel): Uint8Array {
  const classes = model.weights.length;
  const features = model.mean.length;
  const matrix = new Float32Array(features * classes); // [F, C] for MatMul
  for (let c = 0; c < classes; c++) for (let f = 0; f < features; f++) matrix[f * classes + c] = model.weights[c]![f]!;
  const nodes: OnnxNode[] = [
    { op: 'Sub', inputs: [ONNX_INPUT, 'mean'], outputs: ['centered'] },
    { op: 'Mul', inputs: ['centered', 'inverse_scale'], outputs: ['standardized'] },
    { op: 'MatMul', inputs: ['standardized', 'weights'], outputs: ['linear'] },
    { op: 'Add', inputs: ['linear', 'bias'], outputs: ['scores'] },
    ...(model.kind === 'multinomial'
      ? [{ op: 'Softmax', inputs: ['scores'], outputs: [ONNX_OUTPUT], attributes: { axis: -1 } }]
      : [
          { op: 'Sigmoid', inputs: ['scores'], outputs: ['ovr_scores'] },
          { op: 'ReduceSum', inputs: ['ovr_scores', 'sum_axes'], outputs: ['ovr_total'], attributes: { keepdims: 1 } },
          { op: 'Div', inputs: ['ovr_scores', 'ovr_total'], outputs: [ONNX_OUTPUT] },
        ]),
  ];
  return encodeModel({
    name: 'genre_lens_linear',
    opset: 13,
    nodes,
    initializers: [
      { name: 'mean', dims: [features], type: 'float32', values: model.mean },
      { name: 'inverse_scale', dims: [features], type: 'float32', values: model.scale.map((s) => 1 / s) },
      { name: 'weights', dims: [features, classes], type: 'float32', values: matrix },
      { name: 'bias', dims: [classes], type: 'float32', values: model.bias },
      ...(model.kind === 'ovr' ? [{ name: 'sum_axes', dims: [1], type: 'int64' as const, values: [1] }] : []),
    ],
    inputs: [{ name: ONNX_INPUT, dims: ['N', features] }],
    outputs: [{ name: ONNX_OUTPUT, dims: ['N', classes] }],
  });
}
