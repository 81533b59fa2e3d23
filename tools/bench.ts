/**
 * npm run bench [-- FILE] [--json]
 * Real-time factor (seconds of audio per second of compute, one core) of the
 * Genre Lens pipeline — resampling, frame features, window statistics and ONNX
 * inference per window — for a 30 s clip, and in the same run of a naive
 * pipeline that calls Meyda.extract per frame for the features Meyda has.
 */
import Meyda from 'meyda';
import { createAnalysisResampler } from '../src/core/analysisResampler.ts';
import { StreamingAnalyzer } from '../src/core/analyzer.ts';
import { Resampler } from '../src/core/resampler.ts';
import { FEATURE_SPEC } from '../src/core/spec.ts';
import { parseArgs, runCli } from './lib/cli.ts';
import { decodeFile } from './lib/audio/decode.ts';
import { DEFAULT_MODEL, loadModel } from './lib/model/modelFiles.ts';

const DEFAULT_CLIP = 'assets/demo/rock.opus';
const RUNS = 7;
const MEYDA_FEATURES = ['mfcc', 'chroma', 'rms', 'zcr', 'spectralCentroid', 'spectralSpread', 'spectralRolloff', 'spectralFlatness'];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<number> {
  const { flags, positional } = parseArgs(process.argv.slice(2), ['model']);
  const audio = await decodeFile(positional[0] ?? DEFAULT_CLIP);
  const seconds = Math.min(30, audio.seconds);
  const samples = audio.samples.subarray(0, Math.round(seconds * audio.sampleRate));
  const { onnx } = await loadModel(typeof flags.get('model') === 'string' ? (flags.get('model') as string) : DEFAULT_MODEL);

  const ours: number[] = [];
  const inferenceOnly: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const analyzer = new StreamingAnalyzer({ inputRate: audio.sampleRate });
    let inference = 0;
    for (let at = 0; at < samples.length; at += 4096) {
      for (const w of analyzer.push(samples.subarray(at, at + 4096))) {
        const t = performance.now();
        await onnx.predict([w.features]);
        inference += performance.now() - t;
      }
    }
    ours.push(performance.now() - start);
    inferenceOnly.push(inference);
  }

  // The browser splits that work: the capture worklet resamples on the tab's audio thread (in
  // 128-frame render quanta), the engine analyses 1 s chunks at the analysis rate.
  const audioThread: number[] = [];
  const engine: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now();
    const resampler = createAnalysisResampler(audio.sampleRate);
    const parts: Float32Array[] = [];
    for (let at = 0; at < samples.length; at += 128) parts.push(resampler.process(samples.subarray(at, at + 128)));
    audioThread.push(performance.now() - start);
    const resampled = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      resampled.set(p, offset);
      offset += p.length;
    }
    start = performance.now();
    const analyzer = new StreamingAnalyzer({ inputRate: FEATURE_SPEC.sampleRate });
    for (let at = 0; at < resampled.length; at += FEATURE_SPEC.sampleRate) {
      for (const w of analyzer.pushAnalysisRate(resampled.subarray(at, at + FEATURE_SPEC.sampleRate))) await onnx.predict([w.features]);
    }
    engine.push(performance.now() - start);
  }

  const naive: number[] = [];
  const { frameSize, hopSize, sampleRate } = FEATURE_SPEC;
  Object.assign(Meyda, { bufferSize: frameSize, sampleRate, numberOfMFCCCoefficients: 20, melBands: FEATURE_SPEC.melBands });
  for (let run = 0; run < Math.min(RUNS, 3); run++) {
    const start = performance.now();
    const resampled = new Resampler(audio.sampleRate, sampleRate).process(samples);
    for (let at = 0; at + frameSize <= resampled.length; at += hopSize) {
      Meyda.extract(MEYDA_FEATURES as never, resampled.subarray(at, at + frameSize));
    }
    naive.push(performance.now() - start);
  }

  const ms = median(ours);
  const result = {
    rtf: Math.round(seconds / (ms / 1000)),
    meydaRtf: Math.round(seconds / (median(naive) / 1000)),
    msPerSecondOfAudio: Math.round((ms / seconds) * 100) / 100,
    inferenceMsPerWindow: Math.round((median(inferenceOnly) / Math.max(1, Math.floor(seconds - FEATURE_SPEC.minWindowSeconds + 1))) * 1000) / 1000,
    audioSeconds: Math.round(seconds * 10) / 10,
    inputRate: audio.sampleRate,
    audioThreadMsPerSecond: Math.round((median(audioThread) / seconds) * 100) / 100,
    engineMsPerSecond: Math.round((median(engine) / seconds) * 100) / 100,
  };
  if (flags.has('json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    console.log(`clip: ${result.audioSeconds} s at ${audio.sampleRate} Hz, median of ${RUNS} runs, one thread`);
    console.log(`Genre Lens pipeline (resample + features + window stats + ONNX): ${result.rtf}x real time, ${result.msPerSecondOfAudio} ms per second of audio`);
    console.log(`naive Meyda.extract per frame (resample + ${MEYDA_FEATURES.length} features only): ${result.meydaRtf}x real time`);
    console.log(`ratio: ${(result.rtf / result.meydaRtf).toFixed(1)}x faster; ONNX inference ${result.inferenceMsPerWindow} ms per window`);
    console.log(
      `in the browser that splits into: capture worklet resampling ${result.audioThreadMsPerSecond} ms and engine (features + window stats + ONNX at ${FEATURE_SPEC.sampleRate / 1000} kHz) ${result.engineMsPerSecond} ms per second of audio`,
    );
  }
  return 0;
}

runCli('bench', main);
