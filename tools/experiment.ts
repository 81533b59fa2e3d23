// Scratch (not committed): variants by 5-fold grouped CV on train+validation only (never test).
import { GENRES } from '../src/core/genres.ts';
import { type LinearModel, type ModelKind, predictProbabilities } from '../src/core/model.ts';
import { scanDataset } from './lib/dataset.ts';
import { fitLogistic, standardize, standardizer } from './lib/logistic.ts';
import { splitByGroup } from './lib/split.ts';
import { extractAll, type LabelledClip } from './lib/training.ts';

const scan = await scanDataset('../shared/data', GENRES);
const { ok } = await extractAll(scan.clips);
const assignment = splitByGroup(ok, [0.6, 0.2, 0.2], 7);
const pool = ok.filter((_, i) => assignment[i] !== 2);
const folds = splitByGroup(pool, [0.2, 0.2, 0.2, 0.2, 0.2], 11);

type Transform = (f: Float32Array) => Float32Array;
function fit(clips: LabelledClip[], kind: ModelKind, lambda: number, tf: Transform, minSeconds: number): LinearModel {
  const ws = clips.flatMap((c) => c.windows.filter((w) => w.seconds >= minSeconds).map((w) => ({ f: tf(w.features), y: c.genreIndex })));
  const rows = ws.map((w) => w.f);
  const d = rows[0]!.length;
  const { mean, scale } = standardizer(rows, d);
  const labels = Int32Array.from(ws, (w) => w.y);
  const per = new Array(5).fill(0);
  for (const y of labels) per[y]++;
  const r = fitLogistic({ x: standardize(rows, mean, scale), n: rows.length, d, y: labels, w: Float64Array.from(labels, (y) => 1 / per[y]) }, 5, kind, lambda);
  return { kind, genres: [...GENRES], mean, scale, weights: r.weights, bias: r.bias };
}
const identity: Transform = (f) => f;
const d0 = ok[0]!.windows[0]!.features.length;
let refMean: number[] = [];
let refScale: number[] = [];
{
  const rows = pool.flatMap((c) => c.windows.map((w) => w.features));
  ({ mean: refMean, scale: refScale } = standardizer(rows, d0));
}
const squares: Transform = (f) => {
  const out = new Float32Array(2 * d0);
  out.set(f);
  for (let i = 0; i < d0; i++) out[d0 + i] = ((f[i]! - refMean[i]!) / refScale[i]!) ** 2;
  return out;
};
const variants: [string, Transform, number, boolean][] = [
  ['base', identity, 0, false],
  ['base-logagg', identity, 0, true],
  ['full-only', identity, 9.5, false],
  ['squares', squares, 0, false],
];
for (const [name, tf, minSeconds, logAgg] of variants) {
  for (const kind of ['ovr', 'multinomial'] as ModelKind[]) {
    const res: string[] = [];
    for (const lambda of [0.01, 0.03, 0.1]) {
      let correct = 0;
      for (let k = 0; k < 5; k++) {
        const tr = pool.filter((_, i) => folds[i] !== k);
        const va = pool.filter((_, i) => folds[i] === k);
        const m = fit(tr, kind, lambda, tf, minSeconds);
        for (const c of va) {
          const acc = new Float64Array(5);
          for (const w of c.windows) {
            const p = predictProbabilities(m, tf(w.features));
            for (let j = 0; j < 5; j++) acc[j]! += logAgg ? Math.log(p[j]! + 1e-6) : p[j]!;
          }
          if (acc.indexOf(Math.max(...acc)) === c.genreIndex) correct++;
        }
      }
      res.push(`${lambda}:${((correct / pool.length) * 100).toFixed(1)}`);
    }
    console.log(name, kind, res.join('  '));
  }
}
