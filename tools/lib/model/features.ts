/** Runs a clip through the shared streaming analyzer, with an on-disk cache keyed by spec and file. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnalysisWindow, StreamingAnalyzer } from '../../../src/core/analyzer.ts';
import { Resampler } from '../../../src/core/resampler.ts';
import { FEATURE_SPEC } from '../../../src/core/spec.ts';
import { decodeFile } from '../audio/decode.ts';
import { type Degradation, degrade } from '../audio/degrade.ts';

/** Push decoded audio in chunks of this many samples, as the browser's worklet batches would. */
const CHUNK = 4096;

export async function analyzeSamples(samples: Float32Array, sampleRate: number): Promise<AnalysisWindow[]> {
  const analyzer = new StreamingAnalyzer({ inputRate: sampleRate });
  const windows: AnalysisWindow[] = [];
  for (let at = 0; at < samples.length; at += CHUNK) windows.push(...analyzer.push(samples.subarray(at, at + CHUNK)));
  return windows;
}

/** Windows of decoded audio (of `file`, or a copy of it); too short for one window is an error naming the file. */
async function analyzeAudio(file: string, samples: Float32Array, sampleRate: number): Promise<AnalysisWindow[]> {
  const windows = await analyzeSamples(samples, sampleRate);
  if (windows.length === 0) {
    throw new Error(`${file}: too short (${(samples.length / sampleRate).toFixed(1)} s; at least ${FEATURE_SPEC.minWindowSeconds} s needed)`);
  }
  return windows;
}

export async function analyzeFile(file: string): Promise<AnalysisWindow[]> {
  const audio = await decodeFile(file);
  return analyzeAudio(file, audio.samples, audio.sampleRate);
}

/** What identifies a file's contents for the cache: its path, size and modification time. */
async function fileStamp(file: string): Promise<string> {
  const info = await stat(file);
  return `${path.resolve(file)}|${info.size}|${info.mtimeMs}`;
}

/** The cache is keyed by the spec and by the code that computes features, so an edit there cannot serve stale windows. */
const FEATURE_CODE = ['analyzer.ts', 'frameFeatures.ts', 'resampler.ts', 'windowStats.ts', 'spec.ts'].map((f) =>
  readFileSync(fileURLToPath(new URL(`../../../src/core/${f}`, import.meta.url)), 'utf8'),
);
const specHash = createHash('sha1')
  .update(JSON.stringify(FEATURE_SPEC))
  .update(FEATURE_CODE.join('\n'))
  .digest('hex')
  .slice(0, 12);

type CachedWindows = (Omit<AnalysisWindow, 'features' | 'recent'> & { features: number[]; recent?: number[] })[];

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
      .update(`${specHash}|${stamp}${v ? `|${v.name}` : ''}`)
      .digest('hex');
    return path.join(cacheDir, `${key}.json`);
  });
  const out: (AnalysisWindow[] | undefined)[] = await Promise.all(cacheFiles.map(readCache));
  if (out.every((w) => w)) return out as AnalysisWindow[][];
  const audio = await decodeFile(file);
  for (let i = 0; i < variants.length; i++) {
    if (out[i]) continue;
    const variant = variants[i];
    const samples = variant ? degrade(audio.samples, audio.sampleRate, variant) : audio.samples;
    const windows = await analyzeAudio(file, samples, audio.sampleRate);
    await writeCache(cacheFiles[i]!, windows);
    out[i] = windows;
  }
  return out as AnalysisWindow[][];
}

async function readCache(cacheFile: string): Promise<AnalysisWindow[] | undefined> {
  try {
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as CachedWindows;
    return cached.map((w) => {
      const features = Float32Array.from(w.features);
      return { ...w, features, recent: w.recent ? Float32Array.from(w.recent) : features };
    });
  } catch {
    return undefined; // not cached yet
  }
}

async function writeCache(cacheFile: string, windows: readonly AnalysisWindow[]): Promise<void> {
  await mkdir(path.dirname(cacheFile), { recursive: true });
  const rows = windows.map((w) => ({ ...w, features: Array.from(w.features), recent: w.recent === w.features ? undefined : Array.from(w.recent) }));
  await writeFile(cacheFile, JSON.stringify(rows));
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
    .update(`${specHash}|mix|${await fileStamp(speechFile)}|${await fileStamp(musicFile)}|${musicDb}`)
    .digest('hex');
  const cacheFile = path.join(cacheDir, `${key}.json`);
  const cached = await readCache(cacheFile);
  if (cached) return cached;
  const mix = await mixSamples(speechFile, musicFile, musicDb);
  const windows = await analyzeSamples(mix.samples, mix.sampleRate);
  await writeCache(cacheFile, windows);
  return windows;
}
