import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { it } from 'node:test';

// src/core runs unchanged in the browser and in Node: no platform imports or globals. Packages
// that are plain computation (no platform API of their own) are allowed, by name.
const PURE_PACKAGES = ['fft.js'];

it('src/core imports nothing from Node or the browser', async () => {
  const files = (await readdir('src/core')).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 5);
  for (const file of files) {
    const source = await readFile(`src/core/${file}`, 'utf8');
    const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const [, spec] of text.matchAll(/from\s+'([^']+)'/g)) {
      assert.ok(spec!.startsWith('./') || PURE_PACKAGES.includes(spec!), `${file} imports ${spec}`);
    }
    assert.doesNotMatch(text, /(?<![.\w])((chrome|browser|window|document|process|globalThis)\.|require\()/, `${file} touches a platform global`);
  }
});
