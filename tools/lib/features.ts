/** Runs a clip through the shared streaming analyzer, with an on-disk cache keyed by spec and file. */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type AnalysisWindow, StreamingAnalyzer } from '../../src/core/analyzer.ts';
import { FEATURE_SPEC } from '../../src/core/spec.ts';
import { decodeFile } from './decode.ts';

/** Push decoded audio in chunks of this many samples, as the browser's worklet batches would. */
const CHUNK = 4096;

export async function analyzeSamples(samples: Float32Array, sampleRate: number): Promise<AnalysisWindow[]> {
  const analyzer = new StreamingAnalyzer({ inputRate: sampleRate });
  const windows: AnalysisWindow[] = [];
  for (let at = 0; at < samples.length; at += CHUNK) windows.push(...analyzer.push(samples.subarray(at, at + CHUNK)));
  return windows;
}

export async function analyzeFile(file: string): Promise<AnalysisWindow[]> {
  const audio = await decodeFile(file);
  const windows = await analyzeSamples(audio.samples, audio.sampleRate);
  if (windows.length === 0) throw new Error(`${file}: too short (${audio.seconds.toFixed(1)} s; at least ${FEATURE_SPEC.minWindowSeconds} s needed)`);
  return windows;
}

const specHash = createHash('sha1').update(JSON.stringify(FEATURE_SPEC)).digest('hex').slice(0, 12);

/** analyzeFile with a cache in `.cache/features`, invalidated by the spec, the file's size and mtime. */
export async function analyzeFileCached(file: string, cacheDir = '.cache/features'): Promise<AnalysisWindow[]> {
  const info = await stat(file);
  const key = createHash('sha1').update(`${specHash}|${path.resolve(file)}|${info.size}|${info.mtimeMs}`).digest('hex');
  const cacheFile = path.join(cacheDir, `${key}.json`);
  try {
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as (Omit<AnalysisWindow, 'features'> & { features: number[] })[];
    return cached.map((w) => ({ ...w, features: Float32Array.from(w.features) }));
  } catch {
    // not cached yet
  }
  const windows = await analyzeFile(file);
  await mkdir(cacheDir, { recursive: true });
  await writeFile(cacheFile, JSON.stringify(windows.map((w) => ({ ...w, features: Array.from(w.features) }))));
  return windows;
}
