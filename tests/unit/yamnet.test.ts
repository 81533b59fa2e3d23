/**
 * The converted YAMNet (model/yamnet.onnx, run as the extension runs it): YAMNet's own checks,
 * and the real TFLite runtime (@tensorflow/tfjs-tflite's wasm build) on patches of real clips.
 * The tests that need the TFLite file read it from ../shared/models/yamnet and are skipped,
 * each counted and named, where it is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-web';
import { PATCH_SAMPLES, type PatchNetwork, YAMNET_IO } from '../../src/core/yamnet.ts';
import { YAMNET_SESSION_OPTIONS, yamnetNetwork } from '../../src/shared/yamnetSession.ts';
import { convertYamnet } from '../../tools/convert-yamnet.ts';
import { decodeAtRate } from '../../tools/lib/audio/decode.ts';
import { nodeNetwork, YAMNET_FILE } from '../../tools/lib/model/features.ts';
import { encodeModel } from '../../tools/lib/onnxProto.ts';
import { convertTflite } from '../../tools/lib/yamnet/convert.ts';
import { readTflite } from '../../tools/lib/yamnet/tflite.ts';

const TFLITE = path.resolve(import.meta.dirname, '../../../shared/models/yamnet/yamnet.tflite');
const skip = existsSync(TFLITE) ? false : '../shared/models/yamnet/yamnet.tflite is not beside the project';
const CLASSES = readFileSync('model/yamnet_class_map.csv', 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => line.replace(/^\d+,[^,]+,/, '').replace(/^"|"$/g, ''));

const rank = (scores: Float32Array) => Array.from(scores, (s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
const topNames = (scores: Float32Array, k: number) => rank(scores).slice(0, k).map(([, i]) => CLASSES[i]!);
const argmax = (scores: Float32Array) => rank(scores)[0]![1];

function correlation(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  const ma = a.reduce((x, y) => x + y, 0) / n;
  const mb = b.reduce((x, y) => x + y, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** The real TFLite runtime with YAMNet's own file: scores for one patch. */
async function tfliteRunner(): Promise<(patch: Float32Array) => Float32Array> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-tflite/wasm/tflite_web_api_cc_simd.js'));
  const factory = require(path.join(dir, 'tflite_web_api_cc_simd.js')) as (o: object) => Promise<TfliteModule>;
  const module = await factory({ wasmBinary: readFileSync(path.join(dir, 'tflite_web_api_cc_simd.wasm')), print: () => undefined, printErr: () => undefined });
  const bytes = readFileSync(TFLITE);
  const pointer = module._malloc(bytes.length);
  module.HEAPU8.set(bytes, pointer);
  const created = module.TFLiteWebModelRunner.CreateFromBufferAndOptions(pointer, bytes.length, { numThreads: 1, enableProfiling: false, maxProfilingBufferEntries: 1024 });
  assert.ok(created.ok(), 'TFLite runner created');
  const runner = created.value();
  return (patch) => {
    runner.GetInputs().get(0).data().set(patch);
    assert.ok(runner.Infer());
    return Float32Array.from(runner.GetOutputs().get(0).data());
  };
}
interface TfliteModule {
  _malloc(n: number): number;
  HEAPU8: Uint8Array;
  TFLiteWebModelRunner: {
    CreateFromBufferAndOptions(p: number, n: number, o: object): {
      ok(): boolean;
      value(): { GetInputs(): TensorVector; GetOutputs(): TensorVector; Infer(): boolean };
    };
  };
}
type TensorVector = { get(i: number): { data(): Float32Array } };

const SHARED = path.resolve(import.meta.dirname, '../../../shared');

/** Patches of real recordings from ../shared (6 clips of each genre, 4 of each kind of non-music), their first 12 s, one every 0.96 s. */
async function realPatches(): Promise<Float32Array[]> {
  const files: string[] = [];
  for (const genre of ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical']) files.push(...readdirSync(path.join(SHARED, 'data', genre)).sort().slice(0, 6).map((f) => path.join(SHARED, 'data', genre, f)));
  for (const kind of ['speech', 'talk', 'noise']) files.push(...readdirSync(path.join(SHARED, 'nonmusic', kind)).sort().slice(0, 4).map((f) => path.join(SHARED, 'nonmusic', kind, f)));
  const patches: Float32Array[] = [];
  for (const file of files) {
    const audio = await decodeAtRate(file, 16000);
    for (let at = 0; at + PATCH_SAMPLES <= audio.length && at < 16000 * 12; at += 15360) patches.push(audio.slice(at, at + PATCH_SAMPLES));
  }
  return patches;
}

describe('YAMNet converted to ONNX', () => {
  it("passes YAMNet's own checks: zeros → Silence first, a 440 Hz sine → Sine wave in the top 10, speech → Speech first", async () => {
    const network = await nodeNetwork();
    const scoresOf = async (patch: Float32Array) => (await network(patch)).scores;
    assert.equal(topNames(await scoresOf(new Float32Array(PATCH_SAMPLES)), 1)[0], 'Silence');
    const sine = Float32Array.from({ length: PATCH_SAMPLES }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));
    assert.ok(topNames(await scoresOf(sine), 10).includes('Sine wave'), topNames(await scoresOf(sine), 10).join(', '));
    const speech = (await decodeAtRate('assets/test/speech.wav', 16000)).slice(16000, 16000 + PATCH_SAMPLES);
    assert.equal(topNames(await scoresOf(speech), 1)[0], 'Speech');
  });

  it('converts the same file to the same bytes, the ones in model/', { skip }, () => {
    assert.deepEqual(convertYamnet(readFileSync(TFLITE)), new Uint8Array(readFileSync(YAMNET_FILE)));
  });

  it('agrees with the real TFLite runtime on real clips (same top class on ≥ 95% of patches)', { skip }, async () => {
    const tflite = await tfliteRunner();
    const network = await nodeNetwork();
    const patches = await realPatches();
    let same = 0;
    const correlations: number[] = [];
    for (const patch of patches) {
      const reference = tflite(patch);
      const { scores } = await network(patch);
      if (argmax(scores) === argmax(reference)) same++;
      correlations.push(correlation(scores, reference));
    }
    const mean = correlations.reduce((a, b) => a + b, 0) / correlations.length;
    console.log(`  shipped (float activations): same top class on ${same} of ${patches.length} patches; mean score correlation ${mean.toFixed(4)}`);
    assert.ok(same >= 0.95 * patches.length, `${same} of ${patches.length}`);
    assert.ok(mean > 0.9);
  });

  it("reproduces TFLite's own arithmetic when its hybrid int8 kernels are emulated (the converter's operators are right)", { skip }, async () => {
    const tflite = await tfliteRunner();
    const bytes = encodeModel(convertTflite(readTflite(readFileSync(TFLITE)), { hybrid: true, weights: 'int8', ...YAMNET_IO }));
    const hybrid: PatchNetwork = yamnetNetwork(await ort.InferenceSession.create(bytes, YAMNET_SESSION_OPTIONS), ort.Tensor);
    const patches = (await realPatches()).filter((_, i) => i % 4 === 0);
    const correlations: number[] = [];
    for (const patch of patches) correlations.push(correlation((await hybrid(patch)).scores, tflite(patch)));
    const mean = correlations.reduce((a, b) => a + b, 0) / correlations.length;
    const worst = Math.min(...correlations);
    console.log(`  hybrid emulation: score correlation with TFLite mean ${mean.toFixed(5)}, worst ${worst.toFixed(5)} over ${patches.length} patches`);
    // Float sums in another order and round-half cases differ from TFLite's integer kernels now and then, never by much.
    assert.ok(mean > 0.999 && worst > 0.95, `mean ${mean}, worst ${worst}`);
  });
});
