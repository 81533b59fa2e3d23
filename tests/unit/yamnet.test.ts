/**
 * The converted YAMNet (model/yamnet.onnx, run as the extension runs it, after the FFT front
 * end of src/core/yamnetFrontEnd.ts): YAMNet's own checks, its front end against the graph's,
 * and the real TFLite runtime (@tensorflow/tfjs-tflite's wasm build) on patches of real clips.
 * The tests that need the TFLite file read it from ../shared/models/yamnet and are skipped,
 * each counted and named, where it is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PATCH_SAMPLES, YAMNET } from '../../src/core/yamnet.ts';
import { SPECTROGRAM_BINS, SPECTROGRAM_FRAMES, YamnetFrontEnd } from '../../src/core/yamnetFrontEnd.ts';
import { convertYamnet } from '../../tools/convert-yamnet.ts';
import { decodeAtRate } from '../../tools/lib/audio/decode.ts';
import { earFile, nodeNetwork } from '../../tools/lib/model/ears.ts';
import { waveformNetwork } from '../../tools/lib/yamnet/waveformNetwork.ts';

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
    assert.deepEqual(convertYamnet(readFileSync(TFLITE)), new Uint8Array(readFileSync(earFile(YAMNET))));
  });

  it("computes YAMNet's magnitude spectrogram: the FFT front end equals a float64 DFT of the graph's frames", () => {
    const patch = Float32Array.from({ length: PATCH_SAMPLES }, (_, i) => Math.sin(i * 0.37) * 0.3 + ((i * 7919) % 1000) / 5000 - 0.1);
    const magnitudes = new YamnetFrontEnd().input(patch);
    let worst = 0;
    for (const t of [0, 41, 95]) {
      // The graph's frame t: samples 160 t … 160 t + 399, periodic Hann, zero-padded to 512 (56 each side).
      const frame = new Float64Array(512);
      for (let i = 0; i < 400; i++) frame[56 + i] = patch[160 * t + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 400));
      for (let k = 0; k < SPECTROGRAM_BINS; k++) {
        let re = 0;
        let im = 0;
        for (let n = 0; n < 512; n++) {
          re += frame[n]! * Math.cos((2 * Math.PI * k * n) / 512);
          im -= frame[n]! * Math.sin((2 * Math.PI * k * n) / 512);
        }
        worst = Math.max(worst, Math.abs(Math.hypot(re, im) - magnitudes[t * SPECTROGRAM_BINS + k]!));
      }
    }
    assert.ok(worst < 1e-4, `largest difference ${worst}`);
    assert.equal(magnitudes.length, SPECTROGRAM_FRAMES * SPECTROGRAM_BINS);
  });

  it("matches YAMNet's own front end (the DFT inside the graph) on real clips, up to its int8 rounding", { skip }, async () => {
    const { network: reference } = await waveformNetwork(readFileSync(TFLITE));
    const network = await nodeNetwork();
    const patches = (await realPatches()).filter((_, i) => i % 2 === 0);
    let same = 0;
    const correlations: number[] = [];
    for (const patch of patches) {
      const ours = (await network(patch)).scores;
      const theirs = (await reference(patch)).scores;
      if (argmax(ours) === argmax(theirs)) same++;
      correlations.push(correlation(ours, theirs));
    }
    correlations.sort((a, b) => a - b);
    const median = correlations[correlations.length >> 1]!;
    const tenth = correlations[Math.floor(correlations.length / 10)]!;
    console.log(`  FFT front end vs the graph's DFT: same top class on ${same} of ${patches.length} patches; score correlation median ${median.toFixed(4)}, 10th percentile ${tenth.toFixed(4)}, worst ${correlations[0]!.toFixed(4)}`);
    assert.ok(same >= 0.97 * patches.length && median > 0.99 && tenth > 0.95, `${same} of ${patches.length}, correlation median ${median}, 10th percentile ${tenth}`);
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
    const { network: hybrid } = await waveformNetwork(readFileSync(TFLITE), true);
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
