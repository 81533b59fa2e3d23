/**
 * npm run figures: writes README's figure tables from model/model.json and docs/figures/*.json
 * (what `npm run train`, `npm run bench` and `npm run bench:browser` measured).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './lib/cli.ts';
import { ROOT } from './lib/figures.ts';
import { renderReadme } from './lib/readmeFigures.ts';

async function main(): Promise<number> {
  const file = path.join(ROOT, 'README.md');
  const before = await readFile(file, 'utf8');
  const after = renderReadme(before);
  if (after !== before) await writeFile(file, after);
  console.log(after === before ? 'README.md: figures already up to date' : 'README.md: figures written');
  return 0;
}

runCli('figures', main);
