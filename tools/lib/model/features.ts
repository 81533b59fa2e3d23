/**
 * Runs a clip through the extension's own analysis (src/core/yamnet.ts: resampled as the capture
 * worklet does it, cut into patches, normalised, YAMNet, windows), with an on-disk cache of the
 * network's outputs per patch, keyed by the network, the spec, the code and the file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { AnalysisInput } from '../../../src/core/analysisInput.ts';
import { GENRES } from '../../../src/core/genres.ts';
import { Resampler } from '../../../src/core/resampler.ts';
import { FEATURE_SPEC } from '../../../src/core/spec.ts';
import { analyzePatch, type AnalysisWindow, PatchFramer, type PatchNetwork, type PatchOutput, PatchWindows, YAMNET_CLASSES } from '../../../src/core/yamnet.ts';
import { YAMNET_SESSION_OPTIONS, yamnetNetwork } from '../../../src/shared/yamnetSession.ts';
import { decodeFile } from '../audio/decode.ts';
import { type Degradation, degrade } from '../audio/degrade.ts';

ort.env.wasm.numThreads = 1;

export const YAMNET_FILE = fileURLToPath(new URL('../../../model/yamnet.onnx', import.meta.url));

let network: Promise<PatchNetwork> | undefined;
/** YAMNet in onnxruntime-web, as the engine runs it (loaded once). */
export function nodeNetwork(file = YAMNET_FILE): Promise<PatchNetwork> {
  network ??= (async () => {
    const bytes = await readFile(file).catch(() => {
      throw new Error(`${file}: not found (run \`npm run convert-yamnet\`)`);
    });
    return yamnetNetwork(await ort.InferenceSession.create(bytes, YAMNET_SESSION_OPTIONS), ort.Tensor);
  })();
  return network;
}

/**
 * The network's outputs for each patch of decoded audio (any rate), through the same input
 * (resampled, leading silence trimmed: AnalysisInput), framer and normalisation as the browser.
 */
export async function patchOutputs(samples: Float32Array, sampleRate: number): Promise<PatchOutput[]> {
  const run = await nodeNetwork();
  const input = new AnalysisInput(sampleRate).process(samples);
  const out: PatchOutput[] = [];
  for (const patch of new PatchFramer(FEATURE_SPEC.patchHop).push(input)) {
    out.push(await analyzePatch(patch, run));
  }
  return out;
}

/** The windows the live session would make of these patches. */
export function windowsOf(patches: readonly PatchOutput[], windowSeconds = FEATURE_SPEC.windowSeconds): AnalysisWindow[] {
  const windows = new PatchWindows(FEATURE_SPEC, GENRES, windowSeconds);
  return patches.map((p) => windows.push(p));
}

export async function analyzeSamples(samples: Float32Array, sampleRate: number): Promise<AnalysisWindow[]> {
  return windowsOf(await patchOutputs(samples, sampleRate));
}

function tooShort(file: string, samples: Float32Array, sampleRate: number): Error {
  return new Error(`${file}: too short (${(samples.length / sampleRate).toFixed(1)} s; at least ${FEATURE_SPEC.minWindowSeconds} s needed)`);
}

export async function analyzeFile(file: string): Promise<AnalysisWindow[]> {
  const audio = await decodeFile(file);
  const windows = await analyzeSamples(audio.samples, audio.sampleRate);
  if (windows.length === 0) throw tooShort(file, audio.samples, audio.sampleRate);
  return windows;
}

/** What identifies a file's contents for the cache: its path, size and modification time. */
async function fileStamp(file: string): Promise<string> {
  const info = await stat(file);
  return `${path.resolve(file)}|${info.size}|${info.mtimeMs}`;
}

/** The cache is keyed by the network, the spec and the code that makes patches, so an edit there cannot serve stale outputs. */
const CODE = [
  ...['analysisInput.ts', 'analysisResampler.ts', 'leadingSilence.ts', 'resampler.ts', 'yamnet.ts', 'yamnetFrontEnd.ts', 'spec.ts'].map((f) => `src/core/${f}`),
  'src/shared/yamnetSession.ts',
].map((f) => readFileSync(fileURLToPath(new URL(`../../../${f}`, import.meta.url)), 'utf8'));
let specHashValue: string | undefined;
function specHash(): string {
  specHashValue ??= createHash('sha1')
    .update(JSON.stringify({ ...FEATURE_SPEC, featureNames: undefined }))
    .update(CODE.join('\n'))
    .update(patchOutputs.toString())
    .update(readFileSync(YAMNET_FILE))
    .digest('hex')
    .slice(0, 12);
  return specHashValue;
}

/**
 * Windows of a file and of degraded copies of it (`undefined` = the file as it is),
 * each cached on its own; the file is decoded once, and only when a variant is missing.
 */
export async function analyzeVariantsCached(
  file: string,
  variants: readonly (Degradation | undefined)[],
  cacheDir = '.cache/features',
): Promise<AnalysisWindow[][]> {
  const stamp = await fileStamp(file);
  const cacheFiles = variants.map((v) => {
    const key = createHash('sha1')
      .update(`${specHash()}|${stamp}${v ? `|${v.name}` : ''}`)
      .digest('hex');
    return path.join(cacheDir, `${key}.bin`);
  });
  const out: (PatchOutput[] | undefined)[] = await Promise.all(cacheFiles.map(readCache));
  if (!out.every((w) => w)) {
    const audio = await decodeFile(file);
    for (let i = 0; i < variants.length; i++) {
      if (out[i]) continue;
      const variant = variants[i];
      const samples = variant ? degrade(audio.samples, audio.sampleRate, variant) : audio.samples;
      const patches = await patchOutputs(samples, audio.sampleRate);
      if (patches.length === 0) throw tooShort(file, samples, audio.sampleRate);
      await writeCache(cacheFiles[i]!, patches);
      out[i] = patches;
    }
  }
  return out.map((patches) => windowsOf(patches!));
}

/** A cache file: per patch, its YAMNET_CLASSES scores then its mean square, as float32. */
async function readCache(cacheFile: string): Promise<PatchOutput[] | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(cacheFile);
  } catch {
    return undefined; // not cached yet
  }
  const row = YAMNET_CLASSES + 1;
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (values.length % row !== 0) return undefined;
  return Array.from({ length: values.length / row }, (_, i) => ({ scores: values.subarray(i * row, i * row + YAMNET_CLASSES), meanSquare: values[i * row + YAMNET_CLASSES]! }));
}

async function writeCache(cacheFile: string, patches: readonly PatchOutput[]): Promise<void> {
  await mkdir(path.dirname(cacheFile), { recursive: true });
  const row = YAMNET_CLASSES + 1;
  const values = new Float32Array(patches.length * row);
  patches.forEach((p, i) => {
    values.set(p.scores, i * row);
    values[i * row + YAMNET_CLASSES] = p.meanSquare;
  });
  await writeFile(cacheFile, values);
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/**
 * Talk over a music bed: `speech` with `music` under it at `musicDb` relative
 * to the speech's level (RMS), as long as the speech, the music looped if
 * shorter; both decoded and mixed at the speech's sample rate (the music is
 * resampled). Cached like the files themselves.
 */
export async function mixSamples(speechFile: string, musicFile: string, musicDb: number): Promise<{ samples: Float32Array; sampleRate: number }> {
  const speech = await decodeFile(speechFile);
  const music = await decodeFile(musicFile);
  const bed = music.sampleRate === speech.sampleRate ? music.samples : new Resampler(music.sampleRate, speech.sampleRate).process(music.samples);
  const gain = bed.length > 0 ? (rms(speech.samples) / Math.max(1e-9, rms(bed))) * 10 ** (musicDb / 20) : 0;
  const out = new Float32Array(speech.samples.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-1, Math.min(1, speech.samples[i]! + gain * (bed[i % Math.max(1, bed.length)] ?? 0)));
  return { samples: out, sampleRate: speech.sampleRate };
}

export async function analyzeMixCached(speechFile: string, musicFile: string, musicDb: number, cacheDir = '.cache/features'): Promise<AnalysisWindow[]> {
  const key = createHash('sha1')
    .update(`${specHash()}|mix|${await fileStamp(speechFile)}|${await fileStamp(musicFile)}|${musicDb}`)
    .digest('hex');
  const cacheFile = path.join(cacheDir, `${key}.bin`);
  const cached = await readCache(cacheFile);
  if (cached) return windowsOf(cached);
  const mix = await mixSamples(speechFile, musicFile, musicDb);
  const patches = await patchOutputs(mix.samples, mix.sampleRate);
  await writeCache(cacheFile, patches);
  return windowsOf(patches);
}
