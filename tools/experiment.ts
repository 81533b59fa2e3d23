import { GENRES } from '../src/core/genres.ts';
import { FEATURE_SPEC } from '../src/core/spec.ts';
import { scanDataset } from './lib/dataset.ts';
import { splitByGroup } from './lib/split.ts';
import { evaluateModel, extractAll, fitModel, type LabelledClip } from './lib/training.ts';
import type { ModelKind } from '../src/core/model.ts';
const scan = await scanDataset('../shared/data', GENRES);
const { ok } = await extractAll(scan.clips);
const assignment = splitByGroup(ok, [0.6, 0.2, 0.2], 7);
const train = ok.filter((_, i) => assignment[i] === 0);
const val = ok.filter((_, i) => assignment[i] === 1);
const names = FEATURE_SPEC.featureNames;
function subset(clips: LabelledClip[], keep: boolean[]) {
  return clips.map((c) => ({ ...c, windows: c.windows.map((w) => ({ ...w, features: w.features.map((v, i) => (keep[i] ? v : 0)) })) }));
}
const variants: Record<string, (n: string) => boolean> = {
  all: () => true,
  noSkewKurt: (n) => !/\.(skew|kurt)$/.test(n),
  noChroma: (n) => !/chroma/.test(n),
  noRhythm: (n) => !/rhythm/.test(n),
  noTonnetz: (n) => !/tonnetz/.test(n),
  meanStdOnly: (n) => /\.(mean|std)$/.test(n) || /rhythm|Profile|Magnitude/.test(n),
  noDelta: (n) => !/\.delta$/.test(n),
};
const which = process.argv[2]?.split(',') ?? Object.keys(variants);
for (const v of which) {
  const keep = names.map(variants[v]!);
  const tr = subset(train, keep);
  const va = subset(val, keep);
  for (const kind of ['ovr', 'multinomial'] as ModelKind[]) {
    const res: string[] = [];
    for (const lambda of [0.01, 0.03, 0.1, 0.3, 1]) {
      const e = evaluateModel(fitModel(tr, kind, lambda), va);
      res.push(`${lambda}:${(e.clip.accuracy * 100).toFixed(1)}/${(e.window.accuracy * 100).toFixed(1)}`);
    }
    console.log(v, kind, res.join('  '));
  }
}
