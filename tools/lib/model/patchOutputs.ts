/**
 * Audio → the network's outputs per patch, as the extension makes them (resampled as the capture
 * worklet does it, leading silence trimmed, cut into patches, normalised, this run's ear,
 * tools/lib/model/ears.ts), with an on-disk cache keyed by the ear, its spec, every source file
 * this module imports and the audio file. What is made of the patches afterwards (windows, the
 * reuse of scores: features.ts) is not in the key, so changing it keeps the cache.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { AnalysisInput } from '../../../src/core/analysisInput.ts';
import { analyzePatch, PatchFramer, type PatchOutput } from '../../../src/core/patchPipeline.ts';
import { Resampler } from '../../../src/core/resampler.ts';
import { decodeFile } from '../audio/decode.ts';
import { type Degradation, degrade } from '../audio/degrade.ts';
import { ROOT } from '../root.ts';
import { nodeNetwork, toolEar } from './ears.ts';

/**
 * The network's outputs for each patch of decoded audio (any rate), through the same input
 * (resampled, leading silence trimmed: AnalysisInput), framer and normalisation as the browser.
 */
export async function patchOutputs(samples: Float32Array, sampleRate: number): Promise<PatchOutput[]> {
  const { spec } = toolEar();
  const run = await nodeNetwork();
  const input = new AnalysisInput(sampleRate, spec).process(samples);
  const out: PatchOutput[] = [];
  for (const patch of new PatchFramer(spec.patchSamples, spec.patchHop).push(input)) {
    out.push(await analyzePatch(patch, run));
  }
  return out;
}

export function tooShort(file: string, samples: Float32Array, sampleRate: number): Error {
  return new Error(`${file}: too short (${(samples.length / sampleRate).toFixed(1)} s; at least ${toolEar().spec.minWindowSeconds} s needed)`);
}

/** What identifies a file's contents for the cache: its path, size and modification time. */
async function fileStamp(file: string): Promise<string> {
  const info = await stat(file);
  return `${path.resolve(file)}|${info.size}|${info.mtimeMs}`;
}

/**
 * Every source file the analysis imports (this file's import graph, as esbuild bundles it) and the
 * versions of the packages it uses: an edit anywhere there cannot serve stale outputs.
 */
async function analysisCodeHash(): Promise<string> {
  const { metafile } = await esbuild.build({
    entryPoints: [path.relative(ROOT, import.meta.filename)],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const hash = createHash('sha1');
  for (const file of Object.keys(metafile.inputs).sort()) hash.update(file).update(readFileSync(path.join(ROOT, file)));
  const packages = new Set(
    Object.values(metafile.outputs)
      .flatMap((output) => output.imports)
      .filter((i) => i.external && !i.path.startsWith('node:'))
      .map((i) => i.path.split('/').slice(0, i.path.startsWith('@') ? 2 : 1).join('/')),
  );
  for (const name of [...packages].sort()) {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    hash.update(`${name}@${version}`);
  }
  return hash.digest('hex');
}

let codeHash: Promise<string> | undefined;
/** The cache key's part shared by every file: the ear, its spec and file, and the analysis code. */
async function specHash(): Promise<string> {
  const ear = toolEar();
  codeHash ??= analysisCodeHash();
  return createHash('sha1')
    .update(JSON.stringify({ ...ear.spec, featureNames: undefined }))
    .update(`${ear.id}|${ear.sha256}|${await codeHash}`)
    .digest('hex')
    .slice(0, 12);
}

/**
 * Patch outputs of a file and of degraded copies of it (`undefined` = the file as it is),
 * each cached on its own; the file is decoded once, and only when a variant is missing.
 */
export async function patchVariantsCached(
  file: string,
  variants: readonly (Degradation | undefined)[],
  cacheDir = '.cache/features',
): Promise<PatchOutput[][]> {
  const stamp = await fileStamp(file);
  const shared = await specHash();
  const cacheFiles = variants.map((v) => {
    const key = createHash('sha1')
      .update(`${shared}|${stamp}${v ? `|${v.name}` : ''}`)
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
  return out as PatchOutput[][];
}

/** A cache file: per patch, the ear's class scores then its mean square, as float32. */
async function readCache(cacheFile: string): Promise<PatchOutput[] | undefined> {
  const classes = toolEar().outputs.classes;
  let bytes: Buffer;
  try {
    bytes = await readFile(cacheFile);
  } catch {
    return undefined; // not cached yet
  }
  const row = classes + 1;
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (values.length % row !== 0) return undefined;
  return Array.from({ length: values.length / row }, (_, i) => ({ scores: values.subarray(i * row, i * row + classes), meanSquare: values[i * row + classes]! }));
}

async function writeCache(cacheFile: string, patches: readonly PatchOutput[]): Promise<void> {
  await mkdir(path.dirname(cacheFile), { recursive: true });
  const classes = toolEar().outputs.classes;
  const row = classes + 1;
  const values = new Float32Array(patches.length * row);
  patches.forEach((p, i) => {
    values.set(p.scores, i * row);
    values[i * row + classes] = p.meanSquare;
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

/** Patch outputs of talk over a music bed (mixSamples), cached like the files. */
export async function mixPatchesCached(speechFile: string, musicFile: string, musicDb: number, cacheDir = '.cache/features'): Promise<PatchOutput[]> {
  const key = createHash('sha1')
    .update(`${await specHash()}|mix|${await fileStamp(speechFile)}|${await fileStamp(musicFile)}|${musicDb}`)
    .digest('hex');
  const cacheFile = path.join(cacheDir, `${key}.bin`);
  const cached = await readCache(cacheFile);
  if (cached) return cached;
  const mix = await mixSamples(speechFile, musicFile, musicDb);
  const patches = await patchOutputs(mix.samples, mix.sampleRate);
  await writeCache(cacheFile, patches);
  return patches;
}
