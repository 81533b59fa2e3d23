/**
 * npm run evaluate -- --data DIR [--model model/genre.onnx] [--split test] [--json]
 * Runs the exported ONNX model with onnxruntime-web on every clip of DIR
 * (clip prediction = mean of its window probabilities) and reports accuracy,
 * macro F1, per-genre figures and the confusion matrix.
 */
import { argmax } from '../src/core/model.ts';
import { parseArgs, runCli, UsageError } from './lib/cli.ts';
import { scanDataset } from './lib/dataset.ts';
import { type ClipWindows, evaluateClips } from './lib/evaluation.ts';
import { analyzeFileCached } from './lib/features.ts';
import { confusionTable, metricsTable } from './lib/metrics.ts';
import { DEFAULT_MODEL, loadModel } from './lib/modelFiles.ts';

const round = (v: number) => Math.round(v * 10000) / 10000;

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ['data', 'model', 'split']);
  const dataDir = flags.get('data');
  if (typeof dataDir !== 'string') throw new UsageError('usage: npm run evaluate -- --data DIR [--model model/genre.onnx] [--split NAME] [--json]');
  const json = flags.has('json');
  const { info, onnx } = await loadModel(typeof flags.get('model') === 'string' ? (flags.get('model') as string) : DEFAULT_MODEL);
  const scan = await scanDataset(dataDir, info.genres);
  for (const s of scan.skipped) process.stderr.write(`evaluate: skipping folder "${s.name}" (${s.count} files): the model has no such genre\n`);
  let clips = scan.clips;
  const split = flags.get('split');
  if (typeof split === 'string') {
    const ids = (info.splits as Record<string, string[]> | undefined)?.[split];
    if (!ids) throw new UsageError(`the model has no split named "${split}"`);
    const wanted = new Set(ids);
    clips = clips.filter((c) => wanted.has(c.id));
  }
  if (clips.length === 0) throw new Error(`${dataDir}: no audio clips of the model's genres (${info.genres.join(', ')}) found`);

  const results: ClipWindows[] = [];
  const failed: string[] = [];
  for (const clip of clips) {
    try {
      const windows = await analyzeFileCached(clip.file);
      const probabilities = await onnx.predict(windows.map((w) => w.features));
      results.push({ genreIndex: info.genres.indexOf(clip.genre), probabilities, seconds: windows.map((w) => w.seconds) });
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
  const e = evaluateClips(results, info.genres, info.spec.windowSeconds);
  const summary = {
    accuracy: round(e.clip.accuracy),
    macroF1: round(e.clip.macroF1),
    clips: e.clip.count,
    windows: e.window.count,
    windowAccuracy: round(e.window.accuracy),
    fullWindowAccuracy: round(e.fullWindowAccuracy),
    firstGuessAccuracy: round(e.firstGuessAccuracy),
    perGenre: Object.fromEntries(
      Object.entries(e.clip.perGenre).map(([g, m]) => [g, { precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), support: m.support }]),
    ),
    confusion: e.clip.confusion,
    genres: info.genres,
    skipped: scan.skipped,
    failed,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
    console.log(`clips: ${summary.clips}, windows: ${summary.windows}${failed.length ? `, failed: ${failed.length}` : ''}`);
    console.log(`clip accuracy ${pct(e.clip.accuracy)}, macro F1 ${e.clip.macroF1.toFixed(3)}`);
    console.log(`window accuracy ${pct(e.window.accuracy)} (10 s windows ${pct(e.fullWindowAccuracy)}, first 3 s guess ${pct(e.firstGuessAccuracy)})\n`);
    console.log(metricsTable(e.clip, info.genres));
    console.log(`\n${confusionTable(e.clip, info.genres)}`);
  }
  return failed.length > 0 ? 1 : 0;
}

runCli('evaluate', main);
