/** README's figures are the tools': its tables are exactly what model.json and docs/figures/*.json render to. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { loadFigures, ROOT } from '../../tools/lib/figures.ts';
import { blockNames, renderReadme } from '../../tools/lib/readmeFigures.ts';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

it('README holds its figure tables as npm run figures renders them from the tools’ files', () => {
  assert.deepEqual(blockNames(readme).sort(), ['accuracy', 'speed']);
  assert.equal(readme, renderReadme(readme), 'README’s figures differ from the tools’ files: run `npm run figures`');
});

it('every benchmark figure names the machine it was measured on', () => {
  for (const tool of ['bench', 'bench-browser']) {
    const { machine, measuredOn } = loadFigures(tool);
    assert.ok(machine.cores >= 1 && machine.cpu.length > 0 && /^v\d+/.test(machine.node), `${tool}: ${JSON.stringify(machine)}`);
    assert.match(measuredOn, /^\d{4}-\d{2}-\d{2}$/);
  }
});

it('README sets itself no targets (no ✓/✗): those live in the issues', () => {
  assert.doesNotMatch(readme, /[✓✗]/);
});
