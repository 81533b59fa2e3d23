/**
 * npm run evaluate -- --data DIR [--model model/genre.onnx] [--split test] [--degrade SPEC,…] [--json]
 * Runs the exported ONNX model with onnxruntime-web on every clip of DIR
 * (clip prediction = mean of its window probabilities) and reports accuracy,
 * macro F1, per-genre figures and the confusion matrix; with --degrade, also
 * on degraded copies made in-process (tools/lib/audio/degrade.ts: lowpass=8k,
 * gain=-12, resample=16k, and aac=128k / opus=96k / mp3=128k where ffmpeg is installed).
 * With --nonmusic DIR, also the "not music" detector: `nonMusic: {clips, caught, caughtWithin6s,
 * windowRate}` (clips whose final decision is not music; windows called not music) and
 * `musicFalseAlarmRate` (windows of the music clips called not music), and `transitions`: each
 * music clip opened by 15 s of a talk recording (speech where there is none), replayed through the live decision
 * (talk windows that showed a genre, seconds to the music's first genre, its accuracy, and the
 * accuracy 10 s into the music).
 * With --outside DIR (music none of the five, `<Genre>/*` with any genre names; --data is then
 * optional): `outside: {clips, said, named, namedRight}` — clips answered "not one of the five" at
 * their end, those whose genre was named, and named right. On five-genre data `calledOutside` is
 * the fraction of clips answered "outside", and such clips count as wrong in `accuracy`.
 */
import { readdir } from 'node:fs/promises';
import { type GenrePredictor, replayWindows, type Shown } from '../src/core/liveSession.ts';
import { argmax, type ModelInfo } from '../src/core/model.ts';
import type { OutsideShown } from '../src/core/outside.ts';
import { type FirstShown, firstShownFigures, firstShownIn } from './lib/model/firstShown.ts';
import { type OutsideFigures, outsideAtEnd, outsideFigures } from './lib/model/outsideAnswers.ts';
import { countKinds, kindOf, type ShownCounts, type ShownKind, shownAt } from './lib/model/shownKinds.ts';
import { parseArgs, runCli, UsageError } from './lib/cli.ts';
import { scanDataset } from './lib/model/dataset.ts';
import { type ClipWindows, evaluateClips } from './lib/model/evaluation.ts';
import { type AnalysisWindow, fullWindowSeconds } from '../src/core/patchPipeline.ts';
import { hasFfmpeg, needsFfmpeg, parseDegradations } from './lib/audio/degrade.ts';
import { loadNonMusic, measureNonMusic, notMusicTrace } from './lib/model/musicDetector.ts';
import { measureTransitions, type TransitionMeasure } from './lib/model/transitions.ts';
import { analyzeVariantsCached } from './lib/model/features.ts';
import { confusionTable, metricsTable } from './lib/model/metrics.ts';
import { DEFAULT_MODEL, loadModel } from './lib/model/modelFiles.ts';

const round = (v: number) => Math.round(v * 10000) / 10000;

/** The seconds into a clip at which `shown` reads the badge. */
const SHOWN_AT = [10, 30];

/** Per reading time, the kinds of answer shown for each clip replayed so far. */
class ShownTally {
  private readonly kinds = new Map<number, ShownKind[]>(SHOWN_AT.map((s) => [s, []]));

  add(replay: readonly Shown[], clip: { outsideClass: number; genreIndex: number }): void {
    for (const [seconds, kinds] of this.kinds) kinds.push(kindOf(shownAt(replay, seconds), clip));
  }

  counts(): Record<string, ShownCounts> {
    return Object.fromEntries([...this.kinds].map(([seconds, kinds]) => [String(seconds), countKinds(kinds)]));
  }
}

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ['data', 'model', 'split', 'degrade', 'nonmusic', 'outside']);
  const dataDir = flags.get('data');
  const outsideDir = flags.get('outside');
  if (outsideDir === true) throw new UsageError('--outside needs a directory of music none of the five (<Genre>/*.opus, as ../shared/other)');
  const usage = 'usage: npm run evaluate -- --data DIR [--model model/genre.onnx] [--split NAME] [--degrade SPEC,…] [--nonmusic DIR] [--outside DIR] [--json]';
  if (typeof dataDir !== 'string' && typeof outsideDir !== 'string') throw new UsageError(usage);
  if (typeof dataDir !== 'string') return evaluateOutsideOnly(outsideDir as string, flags);
  const nonMusicDir = flags.get('nonmusic');
  if (nonMusicDir === true) throw new UsageError('--nonmusic needs a directory of non-music recordings (<kind>/*.opus, as ../shared/nonmusic)');
  const nonMusicClips = typeof nonMusicDir === 'string' ? await loadNonMusic(nonMusicDir) : undefined;
  const degradeFlag = flags.get('degrade');
  if (degradeFlag === true) throw new UsageError('--degrade needs a list, e.g. --degrade lowpass=8k,gain=-12,resample=16k');
  const degradations = typeof degradeFlag === 'string' ? parseDegradations(degradeFlag) : [];
  const missingFfmpeg = degradations.find((d) => needsFfmpeg(d) && !hasFfmpeg());
  if (missingFfmpeg) throw new UsageError(`--degrade ${missingFfmpeg.name} needs ffmpeg, which is not installed (apt-get install ffmpeg)`);
  const json = flags.has('json');
  const { info, head, predict, predictOutside } = await loadModel(typeof flags.get('model') === 'string' ? (flags.get('model') as string) : DEFAULT_MODEL);
  if (typeof outsideDir === 'string' && !predictOutside) throw new Error('the model has no outside head (model.json has no "outside" block; run npm run train)');
  const scan = await scanDataset(dataDir, info.genres);
  for (const s of scan.skipped) process.stderr.write(`evaluate: skipping folder "${s.name}" (${s.count} files): the model has no such genre\n`);
  let clips = scan.clips;
  const split = flags.get('split');
  if (typeof split === 'string') {
    const ids = info.splits?.[split as keyof NonNullable<typeof info.splits>];
    if (!ids) throw new UsageError(`the model has no split named "${split}"`);
    const wanted = new Set(ids);
    clips = clips.filter((c) => wanted.has(c.id));
  }
  if (clips.length === 0) throw new Error(`${dataDir}: no audio clips of the model's genres (${info.genres.join(', ')}) found`);

  const results: ClipWindows[] = [];
  const analysedClips: typeof clips = [];
  const failed: string[] = [];
  const detector = info.musicDetector;
  if (nonMusicClips && !detector) throw new Error('the model has no "not music" detector (train with --nonmusic)');
  let musicWindows = 0;
  let musicFalseAlarms = 0;
  /** Per analysed clip: answered "not one of the five" at its end. */
  const calledOutside: boolean[] = [];
  /** Per analysed clip: the first genre the badge showed with confidence, and when. */
  const firstShown: { first: FirstShown; genreIndex: number }[] = [];
  const degradedResults: ClipWindows[][] = degradations.map(() => []);
  const shown = new ShownTally();
  for (const clip of clips) {
    try {
      const [windows, ...degraded] = await analyzeVariantsCached(clip.file, [undefined, ...degradations]);
      const predictClip = async (w: AnalysisWindow[]): Promise<ClipWindows> => ({
        genreIndex: info.genres.indexOf(clip.genre),
        probabilities: await head.predictRows(w.map((x) => x.features)),
        seconds: w.map((x) => x.seconds),
      });
      const result = await predictClip(windows!);
      if (detector) {
        const trace = await notMusicTrace(detector, windows!);
        musicWindows += trace.length;
        musicFalseAlarms += trace.filter(Boolean).length;
      }
      const { probabilities } = result;
      // One replay through the live decision gives both the first shown genre and the answer at the end.
      const replay = await replayWindows(info, windows!, predict, predictOutside);
      firstShown.push({ first: firstShownIn(replay), genreIndex: result.genreIndex });
      shown.add(replay, { outsideClass: 0, genreIndex: result.genreIndex });
      if (predictOutside) calledOutside.push(outsideAtEnd(replay) !== undefined);
      results.push(result);
      analysedClips.push(clip);
      for (let d = 0; d < degraded.length; d++) degradedResults[d]!.push(await predictClip(degraded[d]!));
      if (!json) {
        const predicted = info.genres[argmax(probabilities.reduce((acc, p) => acc.map((v, i) => v + p[i]!), new Array(info.genres.length).fill(0)))];
        process.stderr.write(`${predicted === clip.genre ? 'ok  ' : 'MISS'} ${clip.id} → ${predicted}\n`);
      }
    } catch (error) {
      failed.push(error instanceof Error ? error.message : String(error));
      process.stderr.write(`evaluate: ${failed.at(-1)}\n`);
    }
  }
  if (results.length === 0) throw new Error('no clip could be analysed');
  const e = evaluateClips(results, info.genres, fullWindowSeconds(info.spec, info.spec.windowSeconds));
  let nonMusic: { clips: number; caught: number; caughtWithin6s: number; windowRate: number } | undefined;
  if (nonMusicClips && detector) {
    const m = await measureNonMusic(detector, nonMusicClips);
    nonMusic = {
      clips: m.clips,
      caught: Math.round(m.caught * m.clips),
      caughtWithin6s: Math.round(m.caughtWithin6s * m.clips),
      windowRate: round(m.windowRate),
    };
  }
  let transitions: TransitionMeasure | undefined;
  if (nonMusicClips && detector) {
    // Talk shows and interviews are what videos open with; read speech only where there is no talk.
    const ofKind = (kind: string) => nonMusicClips.filter((c) => c.kind === kind).map((c) => c.file);
    const talk = ofKind('talk').length > 0 ? ofKind('talk') : ofKind('speech');
    const t = await measureTransitions(info, predict, analysedClips, talk);
    transitions = {
      ...t,
      talkWindowsWithGenre: round(t.talkWindowsWithGenre),
      firstGuessAccuracy: round(t.firstGuessAccuracy),
      accuracyAfter10s: round(t.accuracyAfter10s),
    };
  }
  // A five-genre clip answered "outside" shows no genre: it counts as wrong.
  const rightAndInside = results.filter((r, i) => !calledOutside[i] && argmax(meanOf(r.probabilities)) === r.genreIndex).length;
  const outside = typeof outsideDir === 'string' && predictOutside ? await measureOutside(outsideDir, info, predict, predictOutside, json) : undefined;
  const summary = {
    accuracy: round(predictOutside ? rightAndInside / results.length : e.clip.accuracy),
    ...(predictOutside ? { calledOutside: round(calledOutside.filter(Boolean).length / results.length), accuracyIgnoringOutside: round(e.clip.accuracy) } : {}),
    macroF1: round(e.clip.macroF1),
    clips: e.clip.count,
    windows: e.window.count,
    windowAccuracy: round(e.window.accuracy),
    fullWindowAccuracy: round(e.fullWindowAccuracy),
    firstGuessAccuracy: round(e.firstGuessAccuracy),
    shown: shown.counts(),
    firstShown: (({ accuracy, seconds, ...counts }) => ({ ...counts, accuracy: round(accuracy), seconds: { median: round(seconds.median), p90: round(seconds.p90) } }))(firstShownFigures(firstShown)),
    perGenre: Object.fromEntries(
      Object.entries(e.clip.perGenre).map(([g, m]) => [g, { precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), support: m.support }]),
    ),
    confusion: e.clip.confusion,
    genres: info.genres,
    degraded: degradations.map((d, i) => {
      const de = evaluateClips(degradedResults[i]!, info.genres, fullWindowSeconds(info.spec, info.spec.windowSeconds));
      return {
        name: d.name,
        accuracy: round(de.clip.accuracy),
        change: round(de.clip.accuracy - e.clip.accuracy),
        windowAccuracy: round(de.window.accuracy),
        firstGuessAccuracy: round(de.firstGuessAccuracy),
      };
    }),
    ...(detector ? { musicFalseAlarmRate: round(musicFalseAlarms / Math.max(1, musicWindows)) } : {}),
    ...(nonMusic ? { nonMusic } : {}),
    ...(transitions ? { transitions } : {}),
    ...(outside ? { outside } : {}),
    skipped: scan.skipped,
    failed,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
    console.log(`clips: ${summary.clips}, windows: ${summary.windows}${failed.length ? `, failed: ${failed.length}` : ''}`);
    console.log(`clip accuracy ${pct(summary.accuracy)}, macro F1 ${e.clip.macroF1.toFixed(3)}`);
    if (summary.calledOutside !== undefined) console.log(`clips answered "not one of the five": ${pct(summary.calledOutside)} (counted as wrong; without that ${pct(e.clip.accuracy)})`);
    printShown('five genres', summary.shown);
    if (outside) printOutside(outside);
    console.log(`window accuracy ${pct(e.window.accuracy)} (full 10 s windows ${pct(e.fullWindowAccuracy)}, first guess from one patch ${pct(e.firstGuessAccuracy)})`);
    const f = summary.firstShown;
    console.log(`first genre shown (not "Unsure"): right on ${f.right} of ${f.shown} clips (${pct(f.accuracy)}), after ${f.seconds.median} s of audio (median; 90% by ${f.seconds.p90} s)\n`);
    console.log(metricsTable(e.clip, info.genres));
    console.log(`\n${confusionTable(e.clip, info.genres)}`);
    if (summary.musicFalseAlarmRate !== undefined) console.log(`\nmusic windows called not music: ${pct(summary.musicFalseAlarmRate)}`);
    if (nonMusic) {
      console.log(
        `non-music: ${nonMusic.caught} of ${nonMusic.clips} clips called not music (${nonMusic.caughtWithin6s} within 6 s), ${pct(nonMusic.windowRate)} of windows`,
      );
    }
    if (transitions) {
      console.log(
        `talk then music (${transitions.clips} clips): ${pct(transitions.talkWindowsWithGenre)} of talk windows showed a genre; ` +
          `the music's first genre after ${transitions.firstGuessSeconds.median} s (90%: ${transitions.firstGuessSeconds.p90} s), ` +
          `right ${pct(transitions.firstGuessAccuracy)}; right 10 s into the music ${pct(transitions.accuracyAfter10s)}`,
      );
    }
    if (summary.degraded.length > 0) {
      console.log('\ndegraded copies: clip accuracy (change), window accuracy');
      for (const d of summary.degraded) {
        console.log(`  ${d.name.padEnd(24)} ${pct(d.accuracy)} (${d.change >= 0 ? '+' : ''}${(d.change * 100).toFixed(1)} points), windows ${pct(d.windowAccuracy)}`);
      }
    }
  }
  return failed.length > 0 ? 1 : 0;
}

function meanOf(rows: readonly ArrayLike<number>[]): number[] {
  const out = new Array<number>(rows[0]?.length ?? 0).fill(0);
  for (const r of rows) for (let i = 0; i < out.length; i++) out[i]! += r[i]! / rows.length;
  return out;
}

/** `<Genre>/*` folders of music none of the five, any genre names: what the live decision answers at each clip's end. */
async function measureOutside(
  dir: string,
  info: ModelInfo,
  predict: GenrePredictor,
  predictOutside: GenrePredictor,
  quiet: boolean,
): Promise<OutsideFigures & { shown: Record<string, ShownCounts>; failed: number }> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw new Error(`${dir}: not a readable directory`);
  });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const scan = await scanDataset(dir, folders);
  if (scan.clips.length === 0) throw new Error(`${dir}: no audio clips in <Genre>/ folders`);
  const answers: { folder: string; answer: OutsideShown | undefined }[] = [];
  const shown = new ShownTally();
  let failed = 0;
  for (const clip of scan.clips) {
    try {
      const [windows] = await analyzeVariantsCached(clip.file, [undefined]);
      const replay = await replayWindows(info, windows!, predict, predictOutside);
      const answer = outsideAtEnd(replay);
      shown.add(replay, { outsideClass: 1, genreIndex: -1 });
      answers.push({ folder: clip.genre, answer });
      if (!quiet) process.stderr.write(`${answer ? 'out ' : 'IN  '} ${clip.id} → ${answer ? (answer.genre ?? 'not one of the five') : 'one of the five'}\n`);
    } catch (error) {
      failed++;
      process.stderr.write(`evaluate: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return { ...outsideFigures(answers), shown: shown.counts(), failed };
}

/** One line per reading time: what the badge showed. */
function printShown(set: string, shown: Record<string, ShownCounts>): void {
  for (const [seconds, c] of Object.entries(shown)) {
    console.log(`${set}, badge at ${seconds} s: right ${c.right}, "Unsure" ${c.unsure}, "not one of the five" ${c.outside}, confidently wrong ${c.confidentWrong} (of ${c.clips} clips)`);
  }
}

function printOutside(o: OutsideFigures & { shown: Record<string, ShownCounts> }): void {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  printShown('outside the five', o.shown);
  console.log(
    `outside the five: ${o.said} of ${o.clips} clips answered "not one of the five" (${pct(o.said / Math.max(1, o.clips))}); ` +
      `a genre named for ${o.named}, right for ${o.namedRight} (${pct(o.namedRight / Math.max(1, o.named))})`,
  );
}

async function evaluateOutsideOnly(dir: string, flags: Map<string, string | true>): Promise<number> {
  const { info, predict, predictOutside } = await loadModel(typeof flags.get('model') === 'string' ? (flags.get('model') as string) : DEFAULT_MODEL);
  if (!predictOutside) throw new Error('the model has no outside head (model.json has no "outside" block; run npm run train)');
  const json = flags.has('json');
  const outside = await measureOutside(dir, info, predict, predictOutside, json);
  if (json) process.stdout.write(`${JSON.stringify({ outside })}\n`);
  else printOutside(outside);
  return outside.failed > 0 ? 1 : 0;
}

runCli('evaluate', main);
