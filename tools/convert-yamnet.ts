/**
 * npm run convert-yamnet [-- --tflite ../shared/models/yamnet/yamnet.tflite] [--out model/yamnet.onnx] [--hybrid]
 * Converts YAMNet's TFLite export to ONNX (tools/lib/yamnet/convert.ts): int8 weights behind
 * DequantizeLinear, float activations, outputs `scores` [1, 521] and `embedding` [1, 1024]; its
 * input is a patch's magnitude spectrogram [96, 257] (the FFT before it is src/core/yamnetFrontEnd.ts).
 * --hybrid also rounds activations as TFLite's hybrid int8 kernels do (a reference, not shipped:
 * see README). The same input gives the same bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { encodeModel } from './lib/onnxProto.ts';
import { parseArgs, runCli, UsageError } from './lib/cli.ts';
import { YAMNET, YAMNET_IO } from '../src/core/yamnet.ts';
import { convertTflite } from './lib/yamnet/convert.ts';
import { readTflite } from './lib/yamnet/tflite.ts';

export const DEFAULT_TFLITE = '../shared/models/yamnet/yamnet.tflite';

/** The shipped conversion of a TFLite file's bytes. */
export function convertYamnet(tflite: Uint8Array, hybrid = false): Uint8Array {
  return encodeModel(convertTflite(readTflite(tflite), { hybrid, weights: 'int8', ...YAMNET_IO, start: 'magnitude' }));
}

async function main(): Promise<number> {
  const { flags, positional } = parseArgs(process.argv.slice(2), ['tflite', 'out']);
  if (positional.length > 0) throw new UsageError('usage: npm run convert-yamnet -- [--tflite FILE] [--out model/yamnet.onnx] [--hybrid]');
  const input = typeof flags.get('tflite') === 'string' ? (flags.get('tflite') as string) : DEFAULT_TFLITE;
  const out = typeof flags.get('out') === 'string' ? (flags.get('out') as string) : YAMNET.file;
  const bytes = await readFile(input).catch(() => {
    throw new Error(`${input}: not found (YAMNet's TFLite file; see ../shared/models/yamnet/README.md)`);
  });
  let onnx: Uint8Array;
  try {
    onnx = convertYamnet(bytes, flags.has('hybrid'));
  } catch (error) {
    throw new Error(`${input}: ${error instanceof Error ? error.message : error}`);
  }
  await writeFile(out, onnx);
  process.stderr.write(`wrote ${out} (${(onnx.length / 1e6).toFixed(2)} MB)\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli('convert-yamnet', main);
