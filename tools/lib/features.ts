/** Runs a clip through the shared streaming analyzer, with an on-disk cache keyed by spec and file. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnalysisWindow, StreamingAnalyzer } from '../../src/core/analyzer.ts';
import { FEATURE_SPEC } from '../../src/core/spec.ts';
import { decodeFile } from './decode.ts';
import { type Degradation, degrade } from './degrade.ts';

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

/** The cache is keyed by the spec and by the code that computes features, so an edit there cannot serve stale windows. */
const FEATURE_CODE = ['analyzer.ts', 'frameFeatures.ts', 'resampler.ts', 'windowStats.ts', 'spec.ts'].map((f) =>
  readFileSync(fileURLToPath(new URL(`../../src/core/${f}`, import.meta.url)), 'utf8'),
);
const specHash = createHash('sha1')
  .update(JSON.stringify(FEATURE_SPEC))
  .update(FEATURE_CODE.join('\n'))
  .digest('hex')
  .slice(0, 12);

type CachedWindows = (Omit<AnalysisWindow, 'features'> & { features: number[] })[];

/** analyzeFile with a cache in `.cache/features`, invalidated by the spec, the file's size and mtime. */
export async function analyzeFileCached(file: string, cacheDir = '.cache/features'): Promise<AnalysisWindow[]> {
  return (await analyzeVariantsCached(file, [undefined], cacheDir))[0]!;
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
  const info = await stat(file);
  const cacheFiles = variants.map((v) => {
    const key = createHash('sha1')
      .update(`${specHash}|${path.resolve(file)}|${info.size}|${info.mtimeMs}${v ? `|${v.name}` : ''}`)
      .digest('hex');
    return path.join(cacheDir, `${key}.json`);
  });
  const out: (AnalysisWindow[] | undefined)[] = await Promise.all(
    cacheFiles.map(async (cacheFile) => {
      try {
        const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as CachedWindows;
        return cached.map((w) => ({ ...w, features: Float32Array.from(w.features) }));
      } catch {
        return undefined; // not cached yet
      }
    }),
  );
  if (out.every((w) => w)) return out as AnalysisWindow[][];
  const audio = await decodeFile(file);
  await mkdir(cacheDir, { recursive: true });
  for (let i = 0; i < variants.length; i++) {
    if (out[i]) continue;
    const variant = variants[i];
    const samples = variant ? degrade(audio.samples, audio.sampleRate, variant) : audio.samples;
    const windows = await analyzeSamples(samples, audio.sampleRate);
    if (windows.length === 0) throw new Error(`${file}: too short (${audio.seconds.toFixed(1)} s; at least ${FEATURE_SPEC.minWindowSeconds} s needed)`);
    await writeFile(cacheFiles[i]!, JSON.stringify(windows.map((w) => ({ ...w, features: Array.from(w.features) }))));
    out[i] = windows;
  }
  return out as AnalysisWindow[][];
}
