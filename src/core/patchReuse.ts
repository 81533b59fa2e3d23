/**
 * The network is most of the engine's cost (bench: ~14 ms of a patch's ~15), and a song keeps its
 * genre for minutes: once a stream (a video, a seek, the music after talk) has run its first
 * SETTLE_PATCHES patches through the network — the first 31 s, where the answer forms and where
 * `train` and `evaluate` read it (at 10 s and 30 s) — the network runs on one patch in
 * NETWORK_EVERY; the patches between reuse the last scores (their own loudness is still measured,
 * so quiet is still seen). Reusing from the 10th patch on cost 2.8 points of the five's right
 * answers at 30 s (leave-one-source-out, 356 of 470 instead of 369), so the first 31 s run in full.
 * A rule of the patch's place in the stream only, so the tools replay it exactly on stored
 * patches (withReusedScores) and every figure they report is of what the engine does.
 */
import type { PatchOutput } from './patchPipeline.ts';

export const SETTLE_PATCHES = 32;
/**
 * One in four: the engine at ~4 ms per second of audio (bench:browser), so that engine, capture
 * worklet and page together stay under 8 ms (with one in three: 8.4). A lasting change within a
 * stream (another song in a mix, talk after the music) is then seen up to 3 s later.
 */
export const NETWORK_EVERY = 4;

/** Whether the patch at `sinceStart` (0 = the stream's first) reuses the last scores. */
export type ReuseRule = (sinceStart: number) => boolean;

export function reuseRule(settlePatches: number, networkEvery: number): ReuseRule {
  return (sinceStart) => sinceStart >= settlePatches && (sinceStart - settlePatches) % networkEvery !== 0;
}

export const REUSE: ReuseRule = reuseRule(SETTLE_PATCHES, NETWORK_EVERY);
export const NO_REUSE: ReuseRule = () => false;

/** A stream's patch outputs as the engine sees them under `rule`: reused patches carry the last scores and their own loudness. */
export function withReusedScores(patches: readonly PatchOutput[], rule: ReuseRule = REUSE): PatchOutput[] {
  let previous: PatchOutput | undefined;
  return patches.map((patch, i) => {
    const out = previous && rule(i) ? { scores: previous.scores, meanSquare: patch.meanSquare } : patch;
    previous = out;
    return out;
  });
}
