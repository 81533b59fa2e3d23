import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error plain ES module of the build, without types
import { packageDirOf, thirdPartyNotices } from '../../tools/build/notices.mjs';
// @ts-expect-error plain ES module of the build, without types
import { bundlesOf, COPIED_FILES, TARGETS } from '../../tools/build/targets.mjs';

type Metafile = esbuild.Metafile;

const metafileOf = (inputs: string[]): Metafile => ({
  inputs: {},
  outputs: { 'dist/popup.js': { inputs: Object.fromEntries(inputs.map((i) => [i, { bytesInOutput: 1 }])), bytes: 1, imports: [], exports: [] } },
});

describe('third-party notices', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  async function fakeRoot(packages: Record<string, string | undefined>): Promise<string> {
    const root = await mkdtemp(path.join(tmpdir(), 'notices-'));
    dirs.push(root);
    await mkdir(path.join(root, 'licenses'));
    for (const file of ['Apache-2.0.txt', 'MPL-2.0.txt']) await writeFile(path.join(root, 'licenses', file), `${file} text`);
    for (const [name, licence] of Object.entries(packages)) {
      const dir = path.join(root, 'node_modules', name);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', license: 'MIT' }));
      if (licence) await writeFile(path.join(dir, 'LICENSE'), licence);
    }
    return root;
  }

  it('finds the package of a bundled file, scoped or nested', () => {
    assert.equal(packageDirOf('node_modules/preact/dist/preact.module.js'), 'node_modules/preact');
    assert.equal(packageDirOf('node_modules/@scope/lib/index.js'), 'node_modules/@scope/lib');
    assert.equal(packageDirOf('node_modules/a/node_modules/b/x.js'), 'node_modules/a/node_modules/b');
    assert.equal(packageDirOf('src/popup/index.tsx'), undefined);
  });

  it('includes each bundled package with its own licence, naming the bundles', async () => {
    const root = await fakeRoot({ 'with-licence': 'Copyright Someone' });
    const text = await thirdPartyNotices({ metafiles: [metafileOf(['node_modules/with-licence/index.js', 'src/a.ts'])], copied: [], root });
    assert.match(text, /with-licence 1\.0\.0 — MIT — in popup\.js/);
    assert.match(text, /Copyright Someone/);
  });

  it('fails the build when a bundled package has no notice, and takes licenses/<name>.txt instead', async () => {
    const root = await fakeRoot({ bare: undefined });
    const metafiles = [metafileOf(['node_modules/bare/index.js'])];
    await assert.rejects(thirdPartyNotices({ metafiles, copied: [], root }), /no licence notice for bare \(bundled into popup\.js\)/);
    await writeFile(path.join(root, 'licenses', 'bare.txt'), 'Copyright Bare Author');
    assert.match(await thirdPartyNotices({ metafiles, copied: [], root }), /Copyright Bare Author/);
  });

  it('fails the build when a file copied from node_modules names no notice', async () => {
    const root = await fakeRoot({});
    await assert.rejects(thirdPartyNotices({ metafiles: [], copied: [['node_modules/x/dist/x.wasm', 'x.wasm']], root }), /no licence notice for node_modules\/x\/dist\/x\.wasm/);
  });

  it('covers everything the real builds bundle and copy', async () => {
    for (const target of Object.values(TARGETS)) {
      const metafiles: Metafile[] = [];
      for (const bundle of bundlesOf(target) as esbuild.BuildOptions[]) {
        const result = await esbuild.build({
          ...bundle,
          bundle: true,
          write: false,
          metafile: true,
          outdir: 'out',
          logLevel: 'silent',
          define: { __TARGET__: '"chrome"', __DEBUG__: 'false', __MODEL_SHA256__: '{}' },
        });
        metafiles.push(result.metafile);
      }
      const text = await thirdPartyNotices({ metafiles, copied: COPIED_FILES });
      for (const name of ['preact', 'webextension-polyfill', 'onnxruntime-web']) assert.match(text, new RegExp(`^${name} \\S+ — `, 'm'));
      // Every source is a web address a reader can open (fft.js's package.json gives git+ssh://git@github.com/…).
      for (const [, url] of text.matchAll(/^source code: (.+)$/gm)) assert.match(url!, /^https:\/\/[^@]+$/, url);
      assert.match(text, /source code: https:\/\/github\.com\/indutny\/fft\.js$/m);
      for (const part of ['ort/ort-wasm-simd-threaded.wasm', 'Protocol Buffers', 'Eigen', 'YAMNet', 'Mozilla Public License Version 2.0', 'Apache License']) {
        assert.ok(text.includes(part), `notices lack ${part}`);
      }
    }
  });
});
