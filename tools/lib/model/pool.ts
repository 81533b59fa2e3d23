/**
 * All music together — the five's clips and the music outside them — each clip predicted by heads
 * fitted without its source (leave-one-source-out), replayed through src/core's live decision
 * (song evidence, the posterior over all music, the lines). `npm run train` fits the calibration
 * and the lines on it, and REPORT.md's "what the badge shows" tables measure it.
 */
import { type Calibration, expectedCalibrationError, posterior, type ReliabilityBin, reliabilityBins } from '../../../src/core/calibration.ts';
import { LiveDecision } from '../../../src/core/liveDecision.ts';
import { type LiveModel, replayWindows, type Shown } from '../../../src/core/liveSession.ts';
import { type LinearModel, predictProbabilities } from '../../../src/core/model.ts';
import type { OutsideModel } from '../../../src/core/outside.ts';
import { GENRES } from '../../../src/core/genres.ts';
import type { OutsideClip } from './outsideHead.ts';
import { answerIsRight, countKinds, kindOf, readingAt, type ShownCounts, shownAt } from './shownKinds.ts';

/** A clip of the pool: outsideClass 0 for the five's (genreIndex its genre), else its outside class. */
export type PoolClip = OutsideClip;

/** Per clip, each window's probabilities from a head fitted without the clip's source. */
export type WindowPredictions = Map<PoolClip, Float64Array[]>;

/** The genre head's leave-one-source-out predictions for every clip of the pool (fitted on the pool's five-genre clips of the other sources). */
export function outOfSourceGenrePredictions(pool: readonly PoolClip[], fit: (clips: readonly PoolClip[]) => LinearModel): WindowPredictions {
  const out: WindowPredictions = new Map();
  for (const source of [...new Set(pool.map((c) => c.source))].sort()) {
    const head = fit(pool.filter((c) => c.outsideClass === 0 && c.source !== source));
    for (const c of pool.filter((x) => x.source === source)) out.set(c, c.windows.map((w) => predictProbabilities(head, w.features)));
  }
  return out;
}

export interface PoolPredictions {
  genre: WindowPredictions;
  outside: WindowPredictions;
}

/** What the live decision would show after each window of a clip, given the heads' stored predictions. */
export function replayClip(model: LiveModel, clip: PoolClip, predictions: PoolPredictions): Promise<Shown[]> {
  const byWindow = (rows: Float64Array[]) => new Map(clip.windows.map((w, i) => [w.features, rows[i]!]));
  const genre = byWindow(predictions.genre.get(clip)!);
  const outside = byWindow(predictions.outside.get(clip)!);
  return replayWindows(
    model,
    clip.windows,
    (f) => genre.get(f)!,
    (f) => outside.get(f)!,
  );
}

/** The song evidence after each window of a clip, uncalibrated (as the live decision keeps it, no detector). */
function evidenceTrace(clip: PoolClip, predictions: PoolPredictions, outsideClasses: number): { genre: Float64Array; outside: Float64Array; seconds: number }[] {
  const decision = new LiveDecision(GENRES.length, undefined, { classes: new Array(outsideClasses).fill(''), enterAbove: 1, leaveBelow: 1, nameAbove: 1 });
  const genre = predictions.genre.get(clip)!;
  const outside = predictions.outside.get(clip)!;
  const out: { genre: Float64Array; outside: Float64Array; seconds: number }[] = [];
  clip.windows.forEach((w, i) => {
    if (decision.step(w) === 'skip') return;
    decision.accept(genre[i]!, outside[i]!);
    out.push({ genre: Float64Array.from(decision.evidence.probabilities!), outside: Float64Array.from(decision.evidence.outside!), seconds: w.endSeconds });
  });
  return out;
}

/**
 * The two heads' powers (calibration.ts) with the lowest expected calibration error of what the
 * badge shows — "outside" (its probability) above the outside line, else the likeliest genre of
 * the five (its probability over all music) — over the pool's clips, the worst of the reading
 * times `readAt` (seconds into each clip): right as often as it says, on all music, early and late
 * in a song. For each pair of powers the outside line is the one that calls `line.maxFalseOutside`
 * of the five-genre clips outside at `line.seconds` (chooseLines then sets the final lines with
 * their hysteresis). Fitted on the posterior's own likeliest answer instead, the shown genres
 * were right far more often than they said wherever "outside" was likelier but under the line
 * (scratch replay, 30 s: 0.03 for that answer, 0.15 for what is shown); over every window at
 * once, the late windows set the powers and the 10 s reading was off.
 */
export function fitPowers(
  pool: readonly PoolClip[],
  predictions: PoolPredictions,
  outsideClasses: number,
  readAt: readonly number[],
  line: { seconds: number; maxFalseOutside: number },
  only?: { power: number; outsidePower: number },
): { power: number; outsidePower: number; ece: number } {
  const traces = pool
    .map((clip) => {
      const trace = evidenceTrace(clip, predictions, outsideClasses);
      const at = (seconds: number) => readingAt(trace, seconds, (e) => e.seconds);
      return { clip, line: at(line.seconds), readings: readAt.map(at) };
    })
    .filter((t) => t.line !== undefined);
  const powers = only ? [only.power] : range(0.2, 2, 0.05);
  const outsidePowers = only ? [only.outsidePower] : range(0.1, 3, 0.05);
  let best = { power: 1, outsidePower: 1, ece: Number.POSITIVE_INFINITY };
  for (const power of powers) {
    for (const outsidePower of outsidePowers) {
      const calibration = { power, outsidePower, unsureBelow: 0 };
      const fiveOutside = traces
        .filter((t) => t.clip.outsideClass === 0)
        .map((t) => posterior(t.line!.genre, t.line!.outside, calibration).outsideProbability)
        .sort((a, b) => a - b);
      const enterAbove = (fiveOutside[Math.floor(fiveOutside.length * (1 - line.maxFalseOutside))] ?? 1) + 1e-9;
      const ece = Math.max(
        ...readAt.map((_, r) => {
          const confidence: number[] = [];
          const correct: boolean[] = [];
          for (const { clip, readings } of traces) {
            const e = readings[r];
            if (!e) continue;
            const p = posterior(e.genre, e.outside, calibration);
            let top = 0;
            for (let i = 1; i < p.genres.length; i++) if (p.genres[i]! > p.genres[top]!) top = i;
            const outside = p.outsideProbability >= enterAbove;
            confidence.push(outside ? p.outsideProbability : p.genres[top]!);
            correct.push(answerIsRight({ outside, top }, clip));
          }
          return expectedCalibrationError(confidence, correct);
        }),
      );
      if (ece < best.ece - 1e-12) best = { power: round2(power), outsidePower: round2(outsidePower), ece };
    }
  }
  return best;
}

/** The shown answer's probability and whether it is right (an outside clip shown as Rock is wrong; "outside" is right on outside music). */
function shownCertainty(shown: Shown, clip: PoolClip): { confidence: number; correct: boolean } | undefined {
  if (shown.state !== 'ready' || shown.notice === 'not-music') return undefined;
  return { confidence: shown.outside ? shown.outside.probability : shown.confidence, correct: answerIsRight({ outside: !!shown.outside, top: shown.top }, clip) };
}

export interface PoolFigures {
  /** Seconds of audio at which the answer is read. */
  seconds: number;
  five: ShownCounts;
  outside: ShownCounts;
  perGenre: Record<string, ShownCounts>;
  perSource: Record<string, { five: ShownCounts; outside: ShownCounts }>;
  /** Expected calibration error of the shown answer's probability over the pool, and its reliability bins. */
  ece: number;
  reliability: ReliabilityBin[];
}

/** What the badge shows at `seconds` for every clip of the pool, by kind, genre and source, and how calibrated it is. */
export function poolFigures(pool: readonly PoolClip[], replays: ReadonlyMap<PoolClip, Shown[]>, seconds: number, genreOf: (c: PoolClip) => string): PoolFigures {
  const kinds = new Map(pool.map((c) => [c, kindOf(shownAt(replays.get(c)!, seconds), c)]));
  const of = (clips: readonly PoolClip[]) => countKinds(clips.map((c) => kinds.get(c)!));
  const five = pool.filter((c) => c.outsideClass === 0);
  const outside = pool.filter((c) => c.outsideClass > 0);
  const confidence: number[] = [];
  const correct: boolean[] = [];
  for (const c of pool) {
    const s = shownAt(replays.get(c)!, seconds);
    const certainty = s && shownCertainty(s, c);
    if (!certainty) continue;
    confidence.push(certainty.confidence);
    correct.push(certainty.correct);
  }
  const groups = (key: (c: PoolClip) => string) => [...new Set(pool.map(key))].sort();
  return {
    seconds,
    five: of(five),
    outside: of(outside),
    perGenre: Object.fromEntries(groups(genreOf).map((g) => [g, of(pool.filter((c) => genreOf(c) === g))])),
    perSource: Object.fromEntries(
      groups((c) => c.source).map((s) => [s, { five: of(five.filter((c) => c.source === s)), outside: of(outside.filter((c) => c.source === s)) }]),
    ),
    ece: round4(expectedCalibrationError(confidence, correct)),
    reliability: reliabilityBins(confidence, correct),
  };
}

/**
 * What other "Unsure" lines would give at `seconds`, from the same replays (the shown genre and
 * its probability do not depend on the line): the five's right and "Unsure", the outside music's
 * "Unsure" and confidently wrong — the trade-off the line is chosen on.
 */
export function unsureTradeOff(pool: readonly PoolClip[], replays: ReadonlyMap<PoolClip, Shown[]>, seconds: number, lines: readonly number[]) {
  return lines.map((unsureBelow) => {
    const kinds = (outsideMusic: boolean) =>
      pool
        .filter((c) => c.outsideClass > 0 === outsideMusic)
        .map((c) => {
          const s = shownAt(replays.get(c)!, seconds);
          return kindOf(s && s.state === 'ready' && !s.outside ? { ...s, unsure: s.confidence < unsureBelow } : s, c);
        });
    const five = countKinds(kinds(false));
    const outside = countKinds(kinds(true));
    return { unsureBelow, five: { clips: five.clips, right: five.right, unsure: five.unsure }, outside: { clips: outside.clips, unsure: outside.unsure, confidentWrong: outside.confidentWrong } };
  });
}

/** Replays every clip of the pool under a model (its calibration and lines). */
export async function replayPool(model: LiveModel, pool: readonly PoolClip[], predictions: PoolPredictions): Promise<Map<PoolClip, Shown[]>> {
  const out = new Map<PoolClip, Shown[]>();
  for (const c of pool) out.set(c, await replayClip(model, c, predictions));
  return out;
}

export interface LineTargets {
  /** Five-genre clips called "outside" at the reading time, at most… */
  maxFalseOutside: number;
  /** …and "Unsure", at most. */
  maxFiveUnsure: number;
  /** A named outside genre right at least this often. */
  minNamedRight: number;
  /** When the answer is read. */
  seconds: number;
}

/** Hysteresis below the entry line: the badge leaves "outside" only when the share clearly falls. */
const LEAVE_MARGIN = 0.1;

/**
 * The lines, on the pool's replays: "outside" from the lowest entry line at which at most
 * maxFalseOutside of the five-genre clips are called outside; "Unsure" at the highest line that
 * leaves at most maxFiveUnsure of them unsure (each line below it lets more wrong answers show
 * with confidence); a genre named from the lowest share at which named genres are right at
 * least minNamedRight of the time.
 */
export async function chooseLines(
  base: LiveModel & { calibration: Calibration; outside: OutsideModel },
  pool: readonly PoolClip[],
  predictions: PoolPredictions,
  targets: LineTargets,
): Promise<{ outside: OutsideModel; unsureBelow: number }> {
  const five = pool.filter((c) => c.outsideClass === 0);
  const noUnsure = { ...base.calibration, unsureBelow: 0 };
  let enterAbove = 0.99;
  for (let line = 0.3; line <= 0.99 + 1e-9; line += 0.01) {
    const outside = { ...base.outside, enterAbove: line, leaveBelow: Math.max(0, line - LEAVE_MARGIN), nameAbove: 1 };
    const replays = await replayPool({ ...base, calibration: noUnsure, outside }, five, predictions);
    const called = five.filter((c) => shownAt(replays.get(c)!, targets.seconds)?.outside).length;
    if (called <= targets.maxFalseOutside * five.length) {
      enterAbove = line;
      break;
    }
  }
  const lines = { ...base.outside, enterAbove: round2(enterAbove), leaveBelow: round2(Math.max(0, enterAbove - LEAVE_MARGIN)) };
  const fiveReplays = await replayPool({ ...base, calibration: noUnsure, outside: { ...lines, nameAbove: 1 } }, five, predictions);
  const confidences = five
    .map((c) => shownAt(fiveReplays.get(c)!, targets.seconds))
    .filter((s): s is Shown => !!s && s.state === 'ready' && !s.outside)
    .map((s) => s.confidence)
    .sort((a, b) => a - b);
  const unsureBelow = Math.floor((confidences[Math.floor(targets.maxFiveUnsure * five.length)] ?? 0) * 100) / 100;
  const outsideClips = pool.filter((c) => c.outsideClass > 0);
  let nameAbove = 1;
  for (let share = 0.2; share <= 0.95 + 1e-9; share += 0.05) {
    const model = { ...base, calibration: { ...base.calibration, unsureBelow }, outside: { ...lines, nameAbove: round2(share) } };
    const replays = await replayPool(model, outsideClips, predictions);
    const named = outsideClips.map((c) => ({ c, shown: shownAt(replays.get(c)!, targets.seconds)?.outside })).filter((x) => x.shown?.genre);
    const right = named.filter((x) => x.shown!.genre === base.outside.classes[x.c.outsideClass]).length;
    if (named.length >= 10 && right / named.length >= targets.minNamedRight) {
      nameAbove = share;
      break;
    }
  }
  return { outside: { ...lines, nameAbove: round2(nameAbove) }, unsureBelow };
}

/** Named outside genres at the reading time: said, named, named right (per genre), for REPORT.md. */
export function outsideNaming(pool: readonly PoolClip[], replays: ReadonlyMap<PoolClip, Shown[]>, seconds: number, classes: readonly string[]) {
  const perGenre: Record<string, { clips: number; said: number; named: number; namedRight: number }> = {};
  for (const c of pool.filter((x) => x.outsideClass > 0)) {
    const shown = shownAt(replays.get(c)!, seconds)?.outside;
    perGenre[c.genre] ??= { clips: 0, said: 0, named: 0, namedRight: 0 };
    const g = perGenre[c.genre]!;
    g.clips++;
    if (!shown) continue;
    g.said++;
    if (!shown.genre) continue;
    g.named++;
    if (shown.genre === classes[c.outsideClass]) g.namedRight++;
  }
  return perGenre;
}

const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);
const round2 = (v: number) => Math.round(v * 100) / 100;
const round4 = (v: number) => Math.round(v * 10000) / 10000;
