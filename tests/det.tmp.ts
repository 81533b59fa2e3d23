import { GENRES } from '../src/core/genres.ts';
import { scanDataset } from '../tools/lib/dataset.ts';
import { splitByGroup } from '../tools/lib/split.ts';
import { extractAll } from '../tools/lib/training.ts';
import { fitMusicDetector, loadNonMusic, measureDetector } from '../tools/lib/musicDetector.ts';
const scan = await scanDataset('/work/shared/data', GENRES);
const { ok } = await extractAll(scan.clips);
const a = splitByGroup(ok, [0.6, 0.2, 0.2], 7);
const nm = await loadNonMusic('.cache/nonmusic');
const nmTest = nm.filter((_, i) => i % 4 === 0);
const nmTrain = nm.filter((_, i) => i % 4 !== 0);
for (const lambda of [0.03, 0.1, 0.3]) {
  const det = fitMusicDetector(ok.filter((_, i) => a[i] !== 2).map((c) => c.windows), nmTrain.map((c) => c.windows), lambda);
  console.log(lambda, JSON.stringify(measureDetector(det, ok.filter((_, i) => a[i] === 2).map((c) => c.windows), nmTest)));
}
