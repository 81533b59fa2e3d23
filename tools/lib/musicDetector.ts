/** Trains and measures the "Not music?" detector: music windows vs generated speech and noise. */
import type { AnalysisWindow } from '../../src/core/analyzer.ts';
import { type MusicDetector, musicProbability } from '../../src/core/musicness.ts';
import { FEATURE_SPEC } from '../../src/core/spec.ts';
import { AUDIO_EXTENSIONS } from './dataset.ts';
import { analyzeFileCached } from './features.ts';
import { fitLogistic, standardize, standardizer } from './logistic.ts';
import { splitByGroup } from './split.ts';
import type { LabelledClip } from './training.ts';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface NonMusicClip {
  file: string;
  kind: string;
  windows: AnalysisWindow[];
}

/** Clips under DIR/<kind>/*.wav (speech, talk, noise…), as made by `npm run make-nonmusic`. */
export async function loadNonMusic(dir: string): Promise<NonMusicClip[]> {
  let kinds: string[];
  try {
    kinds = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  } catch {
    throw new Error(`${dir}: non-music directory not found (make it with \`npm run make-nonmusic\`)`);
  }
  const clips: NonMusicClip[] = [];
  for (const kind of kinds.sort()) {
    for (const name of (await readdir(path.join(dir, kind))).sort()) {
      if (!AUDIO_EXTENSIONS.has(path.extname(name).toLowerCase())) continue;
      const file = path.join(dir, kind, name);
      clips.push({ file, kind, windows: await analyzeFileCached(file) });
    }
  }
  if (clips.length === 0) throw new Error(`${dir}: no non-music clips found`);
  return clips;
}

/** Share of held-out music windows allowed below the threshold. */
const TARGET_FALSE_ALARM = 0.002;
const THRESHOLD_FOLDS = 4;

function fitOnce(music: readonly AnalysisWindow[][], nonMusic: readonly AnalysisWindow[][], lambda: number): MusicDetector {
  const rows = [...music.flat(), ...nonMusic.flat()].map((w) => w.features);
  const labels = Int32Array.from([...music.flat().map(() => 1), ...nonMusic.flat().map(() => 0)]);
  const d = FEATURE_SPEC.featureNames.length;
  const { mean, scale } = standardizer(rows, d);
  const count = [labels.length - labels.reduce((a, b) => a + b, 0), labels.reduce((a, b) => a + b, 0)];
  const weights = Float64Array.from(labels, (y) => 1 / count[y]!);
  const fit = fitLogistic({ x: standardize(rows, mean, scale), n: rows.length, d, y: labels, w: weights }, 2, 'ovr', lambda);
  return { mean, scale, weights: fit.weights[1]!, bias: fit.bias[1]!, threshold: 0.5 };
}

/**
 * Fits music vs non-music on all given clips. The threshold comes from music
 * the detector has not seen: artist-grouped folds score held-out music
 * windows, and the threshold sits below all but TARGET_FALSE_ALARM of them
 * (capped at 0.5). Training-set scores would be overconfident and put the
 * threshold too close to real music, rap vocals especially.
 */
export function fitMusicDetector(music: readonly LabelledClip[], nonMusic: readonly AnalysisWindow[][], lambda = 0.01): MusicDetector {
  const folds = splitByGroup(music, new Array(THRESHOLD_FOLDS).fill(1 / THRESHOLD_FOLDS), 13);
  const heldOutScores: number[] = [];
  for (let k = 0; k < THRESHOLD_FOLDS; k++) {
    const held = music.filter((_, i) => folds[i] === k);
    if (held.length === 0) continue;
    const detector = fitOnce(
      music.filter((_, i) => folds[i] !== k).map((c) => c.windows),
      nonMusic.filter((_, i) => i % THRESHOLD_FOLDS !== k),
      lambda,
    );
    for (const c of held) for (const w of c.windows) heldOutScores.push(musicProbability(detector, w.features));
  }
  heldOutScores.sort((a, b) => a - b);
  const detector = fitOnce(
    music.map((c) => c.windows),
    nonMusic,
    lambda,
  );
  detector.threshold = Math.min(0.5, heldOutScores[Math.floor(TARGET_FALSE_ALARM * heldOutScores.length)] ?? 0.5);
  return detector;
}

export interface DetectorMetrics {
  threshold: number;
  musicClips: number;
  /** Music clips called "not music" (mean window probability below the threshold). */
  musicClipFalseAlarm: number;
  musicWindowFalseAlarm: number;
  nonMusicClips: number;
  nonMusicClipDetection: number;
  nonMusicWindowDetection: number;
  perKind: Record<string, { clips: number; detected: number }>;
}

export function measureDetector(detector: MusicDetector, music: readonly AnalysisWindow[][], nonMusic: readonly NonMusicClip[]): DetectorMetrics {
  const clipScore = (windows: readonly AnalysisWindow[]) =>
    windows.reduce((a, w) => a + musicProbability(detector, w.features), 0) / Math.max(1, windows.length);
  const below = (windows: readonly AnalysisWindow[]) => windows.filter((w) => musicProbability(detector, w.features) < detector.threshold).length;
  const musicWindows = music.reduce((a, c) => a + c.length, 0);
  const nonMusicWindows = nonMusic.reduce((a, c) => a + c.windows.length, 0);
  const perKind: Record<string, { clips: number; detected: number }> = {};
  for (const c of nonMusic) {
    perKind[c.kind] ??= { clips: 0, detected: 0 };
    perKind[c.kind]!.clips++;
    if (clipScore(c.windows) < detector.threshold) perKind[c.kind]!.detected++;
  }
  const r = (v: number) => Math.round(v * 10000) / 10000;
  return {
    threshold: r(detector.threshold),
    musicClips: music.length,
    musicClipFalseAlarm: r(music.filter((w) => clipScore(w) < detector.threshold).length / music.length),
    musicWindowFalseAlarm: r(music.reduce((a, w) => a + below(w), 0) / musicWindows),
    nonMusicClips: nonMusic.length,
    nonMusicClipDetection: r(nonMusic.filter((c) => clipScore(c.windows) < detector.threshold).length / nonMusic.length),
    nonMusicWindowDetection: r(nonMusic.reduce((a, c) => a + below(c.windows), 0) / nonMusicWindows),
    perKind,
  };
}
