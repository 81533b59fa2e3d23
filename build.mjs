/**
 * node build.mjs [--package] [--watch]
 * Bundles the extension with esbuild into dist/chrome/: scripts, pages, the
 * model, onnxruntime-web's wasm and generated icons. --package also zips it.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const OUT = 'dist/chrome';
const ORT_WASM = 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm';

async function main() {
  const started = Date.now();
  await rm(OUT, { recursive: true, force: true });
  await mkdir(`${OUT}/model`, { recursive: true });
  await mkdir(`${OUT}/ort`, { recursive: true });
  await mkdir(`${OUT}/icons`, { recursive: true });

  const common = { bundle: true, target: 'chrome116', logLevel: 'warning', legalComments: 'none', minify: false, sourcemap: false };
  await esbuild.build({
    ...common,
    entryPoints: {
      background: 'src/background/index.ts',
      offscreen: 'src/offscreen/index.ts',
      popup: 'src/popup/index.tsx',
      options: 'src/options/index.tsx',
    },
    outdir: OUT,
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  });
  await esbuild.build({
    ...common,
    entryPoints: { content: 'src/content/index.ts', 'capture-worklet': 'src/content/captureWorklet.ts' },
    outdir: OUT,
    format: 'iife',
  });

  for (const [from, to] of [
    ['manifest.json', 'manifest.json'],
    ['src/offscreen/offscreen.html', 'offscreen.html'],
    ['src/popup/popup.html', 'popup.html'],
    ['src/popup/popup.css', 'popup.css'],
    ['src/options/options.html', 'options.html'],
    ['src/options/options.css', 'options.css'],
    ['model/genre.onnx', 'model/genre.onnx'],
    ['model/model.json', 'model/model.json'],
    [ORT_WASM, 'ort/ort-wasm-simd-threaded.wasm'],
  ]) {
    await copyFile(from, path.join(OUT, to));
  }
  await cp('_locales', path.join(OUT, '_locales'), { recursive: true });
  for (const size of [16, 32, 48, 128]) await writeFile(`${OUT}/icons/${size}.png`, icon(size));

  if (process.argv.includes('--package')) {
    const manifest = JSON.parse(await readFile('manifest.json', 'utf8'));
    const zip = path.resolve(`dist/genre-lens-${manifest.version}.zip`);
    await rm(zip, { force: true });
    execFileSync('zip', ['-qr', zip, '.'], { cwd: OUT });
    console.log(`packaged ${path.relative('.', zip)}`);
  }
  console.log(`built ${OUT} in ${Date.now() - started} ms`);
}

/** The icon: a lens (ring) over three equaliser bars, drawn per pixel into a PNG. */
function icon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const r = Math.hypot(x + 0.5 - c, y + 0.5 - c) / c;
      let color = null;
      if (r <= 1) color = [24, 28, 40, 255];
      if (r > 0.78 && r <= 0.96) color = [255, 255, 255, 255];
      const bars = [
        [0.3, 0.42, 0.55],
        [0.45, 0.57, 0.3],
        [0.6, 0.72, 0.45],
      ];
      for (const [x0, x1, top] of bars) if (u >= x0 && u < x1 && v >= top && v <= 0.72) color = [255, 82, 82, 255];
      if (color) rgba.set(color, (y * size + x) * 4);
    }
  }
  return png(size, size, rgba);
}

function png(width, height, rgba) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

main().catch((error) => {
  console.error(`build: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
