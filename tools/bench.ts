/**
 * npm run bench [-- FILE] [--json]
 * What the engine's work costs on one core, in onnxruntime-web's wasm backend (one thread), for a
 * 30 s clip: the whole live session (resampling, patches, YAMNet, window features, the genre
 * head, the decision) per second of audio, split into the network's ms per patch and the rest;
 * and, side by side in the same run, YAMNet stored several ways (int8 weights behind
 * DequantizeLinear as shipped, the same run with DequantizeLinear on every call, float32 and
 * float16 weights, and YAMNet's own front end with its DFT inside the network instead of the FFT
 * of src/core/yamnetFrontEnd.ts), converted here from ../shared/models/yamnet when it is there.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { AnalysisInput } from '../src/core/analysisInput.ts';
import { LiveSession } from '../src/core/liveSession.ts';
import { type PatchNetwork, PatchFramer } from '../src/core/patchPipeline.ts';
import { NETWORK_EVERY, NO_REUSE, REUSE, type ReuseRule, SETTLE_PATCHES } from '../src/core/patchReuse.ts';
import { EAR_SESSION_OPTIONS, earNetwork } from '../src/shared/earSession.ts';
import { parseArgs, runCli } from './lib/cli.ts';
import { saveFigures } from './lib/figures.ts';
import { decodeFile, playInTurn } from './lib/audio/decode.ts';
import { encodeModel } from './lib/onnxProto.ts';
import { DEFAULT_MODEL, loadModel } from './lib/model/modelFiles.ts';
import { EARS, earFile, nodeNetwork } from './lib/model/ears.ts';
import { convertTflite, type WeightStorage } from './lib/yamnet/convert.ts';
import { readTflite } from './lib/yamnet/tflite.ts';
import { waveformNetwork } from './lib/yamnet/waveformNetwork.ts';
import { PATCH_SAMPLES, YAMNET, YAMNET_IO } from '../src/core/yamnet.ts';

ort.env.wasm.numThreads = 1;
const DEFAULT_CLIP = 'assets/demo/rock.opus';
const SONG_SECONDS = 90;
const TFLITE = '../shared/models/yamnet/yamnet.tflite';
const RUNS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Median ms per patch of a network over `patches` (after one warm-up run). */
async function timePatches(network: PatchNetwork, patches: Float32Array[]): Promise<number> {
  await network(patches[0]!);
  const times: number[] = [];
  for (const p of patches) {
    const started = performance.now();
    await network(p);
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main(): Promise<number> {
  const { flags, positional } = parseArgs(process.argv.slice(2), ['model']);
  const audio = await decodeFile(positional[0] ?? DEFAULT_CLIP);
  // A 90 s song (the clip played in turn, as the demo server's longrock): past the stream's
  // settling (patchReuse.ts), what a long video costs.
  const seconds = SONG_SECONDS;
  const samples = playInTurn([{ samples: audio.samples, seconds }], audio.sampleRate);
  const model = await loadModel(typeof flags.get('model') === 'string' ? (flags.get('model') as string) : DEFAULT_MODEL);

  // The whole live session, as the engine runs it on 1 s chunks (here from the raw clip: resampling
  // included); `patches` counts the network's runs (fewer than the patches where scores are reused),
  // `steadyMs` the time of the chunks after the stream has settled (patchReuse.ts SETTLE_PATCHES).
  const settledAt = Math.ceil((SETTLE_PATCHES * YAMNET.spec.patchHop) / YAMNET.spec.sampleRate) + 1;
  const timeSession = async (network: PatchNetwork, reuse: ReuseRule = REUSE) => {
    const whole: number[] = [];
    const steady: number[] = [];
    const inNetwork: number[] = [];
    let patches = 0;
    for (let run = 0; run < RUNS; run++) {
      let networkMs = 0;
      let steadyMs = 0;
      patches = 0;
      const timed: PatchNetwork = async (patch) => {
        const started = performance.now();
        const out = await network(patch);
        networkMs += performance.now() - started;
        patches++;
        return out;
      };
      const session = new LiveSession(model.info, model.predict, timed, { inputRate: audio.sampleRate, reuse, predictOutside: model.predictOutside });
      const started = performance.now();
      for (let at = 0; at < samples.length; at += audio.sampleRate) {
        const chunkStarted = performance.now();
        await session.push(samples.subarray(at, at + audio.sampleRate));
        if (at >= settledAt * audio.sampleRate) steadyMs += performance.now() - chunkStarted;
      }
      whole.push(performance.now() - started);
      steady.push(steadyMs);
      inNetwork.push(networkMs);
    }
    return { ms: median(whole), steadyMs: median(steady), networkMs: median(inNetwork), patches };
  };
  const tflite = await readFile(TFLITE).catch(() => undefined);
  // Before src/core/yamnetFrontEnd.ts: the waveform in, the DFT as two int8 matrix products in the graph.
  const inGraph = tflite ? await waveformNetwork(tflite) : undefined;
  const shippedSession = await timeSession(model.network);
  const graphDftSession = inGraph ? await timeSession(inGraph.network) : undefined;
  const { networkMs, patches: patchesRun } = shippedSession;
  const ms = shippedSession.ms;

  // The same with the network on every patch (before patchReuse.ts).
  const everyPatch = await timeSession(model.network, NO_REUSE);
  const steadySeconds = Math.max(1, seconds - settledAt);

  // YAMNet's weight storage, side by side on the same patches.
  const patches = Array.from({ length: 12 }, (_, i) => Float32Array.from(samples.subarray(i * 8000, i * 8000 + PATCH_SAMPLES)));
  const storage: Record<string, number> = {};
  storage['int8 + DequantizeLinear, folded at load (shipped)'] = await timePatches(model.network, patches);
  const shipped = await readFile(earFile(YAMNET));
  storage['int8 + DequantizeLinear on every run'] = await timePatches(earNetwork(YAMNET, await ort.InferenceSession.create(shipped, { ...EAR_SESSION_OPTIONS, extra: {} }), ort.Tensor), patches);
  const sizes: Record<string, number> = { 'int8 + DequantizeLinear, folded at load (shipped)': shipped.length };
  if (tflite) {
    for (const weights of ['float32', 'float16'] as WeightStorage[]) {
      const bytes = encodeModel(convertTflite(readTflite(tflite), { hybrid: false, weights, ...YAMNET_IO, start: 'magnitude' }));
      storage[`${weights} weights`] = await timePatches(earNetwork(YAMNET, await ort.InferenceSession.create(bytes, EAR_SESSION_OPTIONS), ort.Tensor), patches);
      sizes[`${weights} weights`] = bytes.length;
    }
  }
  if (inGraph) {
    storage["DFT inside the network (YAMNet's front end, before)"] = await timePatches(inGraph.network, patches);
    sizes["DFT inside the network (YAMNet's front end, before)"] = inGraph.bytes.length;
  }

  // Each ear whose file is here, side by side on the same clip: its network (front end included) on
  // every patch of the clip's analysis stream, in ms per second of audio (its patches and hop differ).
  const ears: Record<string, { msPerSecondOfAudio: number; msPerPatch: number; patchesPerSecond: number }> = {};
  for (const ear of Object.values(EARS)) {
    if (!existsSync(earFile(ear))) continue;
    const network = await nodeNetwork(ear);
    const stream = new AnalysisInput(audio.sampleRate, ear.spec).process(samples.slice());
    const earPatches = new PatchFramer(ear.spec.patchSamples, ear.spec.patchHop).push(stream);
    const msPerPatch = await timePatches(network, earPatches);
    const patchesPerSecond = ear.spec.sampleRate / ear.spec.patchHop;
    ears[ear.id] = { msPerSecondOfAudio: round2(msPerPatch * patchesPerSecond), msPerPatch: round2(msPerPatch), patchesPerSecond: round2(patchesPerSecond) };
  }

  const result = {
    audioSeconds: Math.round(seconds * 10) / 10,
    inputRate: audio.sampleRate,
    patches: patchesRun,
    rtf: Math.round(seconds / (ms / 1000)),
    msPerSecondOfAudio: Math.round((ms / seconds) * 100) / 100,
    networkMsPerPatch: Math.round((networkMs / Math.max(1, patchesRun)) * 100) / 100,
    restMsPerSecondOfAudio: Math.round(((ms - networkMs) / seconds) * 100) / 100,
    dftInsideTheNetwork: graphDftSession && {
      msPerSecondOfAudio: Math.round((graphDftSession.ms / seconds) * 100) / 100,
      networkMsPerPatch: Math.round((graphDftSession.networkMs / Math.max(1, graphDftSession.patches)) * 100) / 100,
    },
    /** After the stream's first SETTLE_PATCHES (and a second's margin): what a long video costs. */
    steadyMsPerSecondOfAudio: round2(shippedSession.steadyMs / steadySeconds),
    steadyFromSecond: settledAt,
    networkOnEveryPatch: { msPerSecondOfAudio: round2(everyPatch.ms / seconds), steadyMsPerSecondOfAudio: round2(everyPatch.steadyMs / steadySeconds), patchesRun: everyPatch.patches },
    weightStorageMsPerPatch: Object.fromEntries(Object.entries(storage).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    weightStorageBytes: sizes,
    ears,
  };
  const saved = await saveFigures('bench', result);
  if (flags.has('json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  console.log(`figures written to ${path.relative(process.cwd(), saved)} (npm run figures puts them in README)`);
  console.log(`clip: ${result.audioSeconds} s at ${audio.sampleRate} Hz, median of ${RUNS} runs, onnxruntime-web wasm, one thread`);
  console.log(`live session (resample + patches + YAMNet + window features + head + decision): ${result.msPerSecondOfAudio} ms per second of audio (${result.rtf}x real time)`);
  console.log(`  YAMNet ${result.networkMsPerPatch} ms per patch (${result.patches} patches, FFT front end included), everything else ${result.restMsPerSecondOfAudio} ms per second of audio`);
  if (result.dftInsideTheNetwork) {
    const before = result.dftInsideTheNetwork;
    console.log(
      `  the same with YAMNet's own front end (DFT inside the network, before): ${before.msPerSecondOfAudio} ms per second of audio, YAMNet ${before.networkMsPerPatch} ms per patch (now ${(result.msPerSecondOfAudio / before.msPerSecondOfAudio).toFixed(2)}x)`,
    );
  }
  console.log(`  from second ${result.steadyFromSecond} on (the stream settled, the network on one patch in ${NETWORK_EVERY}): ${result.steadyMsPerSecondOfAudio} ms per second of audio`);
  const every = result.networkOnEveryPatch;
  console.log(
    `  the network on every patch (before): ${every.msPerSecondOfAudio} ms per second of audio, ${every.steadyMsPerSecondOfAudio} from second ${result.steadyFromSecond} on (${every.patchesRun} patches run; shipped: ${result.patches}, ${(result.steadyMsPerSecondOfAudio / every.steadyMsPerSecondOfAudio).toFixed(2)}x when settled)`,
  );
  console.log('YAMNet weight storage and front end, ms per patch (same patches, same run):');
  const base = storage['int8 + DequantizeLinear, folded at load (shipped)']!;
  for (const [name, value] of Object.entries(storage)) {
    console.log(`  ${name.padEnd(50)} ${value.toFixed(2).padStart(6)}  (${(value / base).toFixed(2)}x)${sizes[name] ? `  ${(sizes[name]! / 1e6).toFixed(1)} MB` : ''}`);
  }
  if (!tflite) console.log(`  (float32 and float16 variants need ${TFLITE})`);
  console.log('each ear on the same clip, its network and front end on every patch:');
  for (const [id, ear] of Object.entries(ears)) console.log(`  ${id.padEnd(12)} ${ear.msPerSecondOfAudio.toFixed(2).padStart(6)} ms per second of audio (${ear.msPerPatch} ms per patch, ${ear.patchesPerSecond} patches a second)`);
  return 0;
}

runCli('bench', main);
