/**
 * Runs a clip through the extension's own analysis: the network's outputs per patch
 * (patchOutputs.ts, cached), then the patches as the engine uses them (scores reused where
 * src/core/patchReuse.ts says) and the windows the live session makes of them
 * (src/core/patchPipeline.ts).
 */
import { GENRES } from '../../../src/core/genres.ts';
import { type AnalysisWindow, type PatchOutput, PatchWindows } from '../../../src/core/patchPipeline.ts';
import { REUSE, type ReuseRule, withReusedScores } from '../../../src/core/patchReuse.ts';
import { decodeFile } from '../audio/decode.ts';
import type { Degradation } from '../audio/degrade.ts';
import { toolEar } from './ears.ts';
import { mixPatchesCached, patchOutputs, patchVariantsCached, tooShort } from './patchOutputs.ts';

export { mixSamples } from './patchOutputs.ts';

/** The windows the live session would make of a stream's patches (scores reused as the engine reuses them, unless `reuse` says otherwise). */
export function windowsOf(patches: readonly PatchOutput[], windowSeconds = toolEar().spec.windowSeconds, reuse: ReuseRule = REUSE): AnalysisWindow[] {
  const windows = new PatchWindows(toolEar(), GENRES, windowSeconds);
  return withReusedScores(patches, reuse).map((p) => windows.push(p));
}

export async function analyzeSamples(samples: Float32Array, sampleRate: number): Promise<AnalysisWindow[]> {
  return windowsOf(await patchOutputs(samples, sampleRate));
}

export async function analyzeFile(file: string): Promise<AnalysisWindow[]> {
  const audio = await decodeFile(file);
  const windows = await analyzeSamples(audio.samples, audio.sampleRate);
  if (windows.length === 0) throw tooShort(file, audio.samples, audio.sampleRate);
  return windows;
}

/** Windows of a file and of degraded copies of it (`undefined` = the file as it is); the patch outputs are cached. */
export async function analyzeVariantsCached(file: string, variants: readonly (Degradation | undefined)[], cacheDir?: string): Promise<AnalysisWindow[][]> {
  return (await patchVariantsCached(file, variants, cacheDir)).map((patches) => windowsOf(patches));
}

/** Windows of talk over a music bed (mixSamples). */
export async function analyzeMixCached(speechFile: string, musicFile: string, musicDb: number, cacheDir?: string): Promise<AnalysisWindow[]> {
  return windowsOf(await mixPatchesCached(speechFile, musicFile, musicDb, cacheDir));
}
