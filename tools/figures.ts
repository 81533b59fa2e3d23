/**
 * npm run figures: writes the figure tables of README.md and docs/MODEL.md from model/model.json
 * and docs/figures/*.json (what `npm run train`, `npm run bench` and `npm run bench:browser` measured).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from './lib/cli.ts';
import { docBlocks, renderDoc } from './lib/docFigures.ts';
import { ROOT } from './lib/root.ts';

async function main(): Promise<number> {
  for (const [doc, blocks] of Object.entries(docBlocks())) {
    const file = path.join(ROOT, doc);
    const before = await readFile(file, 'utf8');
    const after = renderDoc(before, blocks);
    if (after !== before) await writeFile(file, after);
    console.log(`${doc}: ${after === before ? 'figures already up to date' : 'figures written'}`);
  }
  return 0;
}

runCli('figures', main);
