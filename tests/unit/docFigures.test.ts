/** The docs' figures are the tools': their tables are exactly what model.json and docs/figures/*.json render to. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { blockNames, docBlocks, renderDoc } from '../../tools/lib/docFigures.ts';
import { loadFigures } from '../../tools/lib/figures.ts';
import { ROOT } from '../../tools/lib/root.ts';

for (const [doc, blocks] of Object.entries(docBlocks())) {
  it(`${doc} holds its figure tables as npm run figures renders them from the tools’ files`, () => {
    const text = readFileSync(path.join(ROOT, doc), 'utf8');
    assert.deepEqual(blockNames(text).sort(), Object.keys(blocks).sort());
    assert.equal(text, renderDoc(text, blocks), `${doc}’s figures differ from the tools’ files: run \`npm run figures\``);
  });
}

it('every benchmark figure names the machine it was measured on', () => {
  for (const tool of ['bench', 'bench-browser']) {
    const { machine, measuredOn } = loadFigures(tool);
    assert.ok(machine.cores >= 1 && machine.cpu.length > 0 && /^v\d+/.test(machine.node), `${tool}: ${JSON.stringify(machine)}`);
    assert.match(measuredOn, /^\d{4}-\d{2}-\d{2}$/);
  }
});

it('README sets itself no targets (no ✓/✗): those live in the issues', () => {
  assert.doesNotMatch(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), /[✓✗]/);
});
