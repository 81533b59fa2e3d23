/**
 * node build.mjs [--package]
 * Bundles the extension with esbuild for each browser from one source:
 * dist/chrome (service worker + offscreen engine) and dist/firefox (event page
 * hosting the engine, manifest generated from manifest.json). Each gets the
 * scripts, pages, the model, onnxruntime-web's wasm and generated icons.
 * --package also writes a zip per browser and the sources zip for Firefox review.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { icon } from './tools/build/icon.mjs';
import { thirdPartyNotices } from './tools/build/notices.mjs';
import { bundlesOf, COPIED_FILES, importSource, TARGETS } from './tools/build/targets.mjs';

const youtube = await importSource('src/shared/youtube.ts');
const { MODEL_FILES } = await importSource('src/shared/modelFiles.ts');
const { SHIPPED_EAR } = await importSource('src/core/spec.ts');
/** What manifest.json's "$…" placeholders stand for (the hosts have one home: src/shared/youtube.ts). */
const MANIFEST_HOSTS = {
  $youtubeHosts: youtube.YOUTUBE_MATCHES,
  $requiredHosts: youtube.REQUIRED_MATCHES,
  $optionalHosts: youtube.OPTIONAL_MATCHES,
  $switchableRequiredPaths: youtube.SWITCHABLE_REQUIRED_MATCHES,
};


/**
 * addons.mozilla.org's linter flags two sinks in bundled libraries that our code never
 * reaches: preact's dangerouslySetInnerHTML (we never pass it) and onnxruntime-web's dynamic
 * import() of its wasm glue (the glue is bundled; wasmPaths only names the .wasm). Each is
 * replaced by a throw, and the build fails if a library update moves the code, so the
 * replacement can never silently stop matching.
 */
const DEAD_SINKS = [
  {
    file: /node_modules[\\/]preact[\\/]dist[\\/]preact\.module\.js$/,
    from: '(u.innerHTML=h.__html)',
    to: '(()=>{throw new Error("Genre Lens does not render dangerouslySetInnerHTML")})()',
  },
  {
    file: /node_modules[\\/]onnxruntime-web[\\/]dist[\\/]ort\.wasm\.bundle\.min\.mjs$/,
    from: 'cs=async n=>(await import(/*webpackIgnore:true*/ /*@vite-ignore*/n)).default',
    to: 'cs=async n=>{throw new Error("onnxruntime-web tried to import "+n+"; its glue code is bundled")}',
  },
];

const removeDeadSinks = {
  name: 'remove-dead-sinks',
  setup(build) {
    for (const sink of DEAD_SINKS) {
      build.onLoad({ filter: sink.file }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (text.split(sink.from).length !== 2) throw new Error(`${args.path}: expected code not found once; review DEAD_SINKS in build.mjs`);
        return { contents: text.replace(sink.from, sink.to), loader: 'js' };
      });
    }
  },
};

/** @param debug with the test hooks (dist/debug/<name>, what the browser tests load) or without (dist/<name>) */
async function buildTarget(name, manifest, debug) {
  const target = TARGETS[name];
  const out = debug ? `dist/debug/${name}` : `dist/${name}`;
  await rm(out, { recursive: true, force: true });
  await mkdir(`${out}/model`, { recursive: true });
  await mkdir(`${out}/ort`, { recursive: true });
  await mkdir(`${out}/icons`, { recursive: true });

  const common = {
    bundle: true,
    target: target.esbuildTarget,
    logLevel: 'warning',
    // Banner comments of bundled code go to <bundle>.LEGAL.txt; the full notices to THIRD-PARTY-NOTICES.txt.
    legalComments: 'external',
    metafile: true,
    // Syntax-level minification only: dead branches (the debug hooks) go, the code stays readable for review.
    minifySyntax: true,
    sourcemap: false,
    define: { __TARGET__: JSON.stringify(name), __DEBUG__: String(debug), __MODEL_SHA256__: JSON.stringify(await modelDigests()) },
    plugins: [removeDeadSinks],
  };
  const metafiles = [];
  for (const bundle of bundlesOf(target)) metafiles.push((await esbuild.build({ ...common, ...bundle, outdir: out })).metafile);

  for (const [from, to] of [...target.pages, ...COPIED_FILES]) {
    await copyFile(from, path.join(out, to));
  }
  await writeFile(path.join(out, 'THIRD-PARTY-NOTICES.txt'), await thirdPartyNotices({ metafiles, copied: COPIED_FILES }));
  const built = target.manifest(manifest);
  await writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(debug ? withEveryHostGranted(built) : built, null, 2)}\n`);
  await cp('_locales', path.join(out, '_locales'), { recursive: true });
  for (const size of [16, 32, 48, 128]) await writeFile(`${out}/icons/${size}.png`, icon(size));
  return out;
}

/** SHA-256 of the shipped model files: the engine refuses files that differ. */
async function modelDigests() {
  const digest = async (file) => createHash('sha256').update(await readFile(file)).digest('hex');
  const digests = {};
  for (const [key, file] of Object.entries(MODEL_FILES)) digests[key] = await digest(file);
  // The ear's SHA-256 has its home in its description (src/core/yamnet.ts): a different file is not that ear.
  if (digests.ear !== SHIPPED_EAR.sha256) {
    throw new Error(`${MODEL_FILES.ear} has SHA-256 ${digests.ear}, not the ${SHIPPED_EAR.id} ear's ${SHIPPED_EAR.sha256} (src/core/${SHIPPED_EAR.id}.ts): convert it again or update the ear`);
  }
  return digests;
}

/** manifest.json says "$youtubeHosts", "$requiredHosts"… wherever match patterns go (MANIFEST_HOSTS). */
function withYouTubeHosts(value) {
  if (typeof value === 'string' && value.startsWith('$')) {
    if (!(value in MANIFEST_HOSTS)) throw new Error(`manifest.json: unknown placeholder ${value}`);
    return [...MANIFEST_HOSTS[value]];
  }
  if (Array.isArray(value)) return value.map(withYouTubeHosts);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withYouTubeHosts(v)]));
  return value;
}

/**
 * The debug build (what the browser tests load) is granted every host at install: no browser
 * lets automation answer a permission prompt (Chromium has no way at all). The surfaces' scripts
 * are registered by the same code as in production, from the same preferences and grants.
 */
function withEveryHostGranted(manifest) {
  const { optional_host_permissions: optional, ...rest } = manifest;
  return { ...rest, host_permissions: [...new Set([...manifest.host_permissions, ...optional])] };
}

function zip(file, cwd, entries) {
  execFileSync('zip', ['-qr', file, ...entries], { cwd });
}

async function main() {
  const started = Date.now();
  const manifest = withYouTubeHosts(JSON.parse(await readFile('manifest.json', 'utf8')));
  const outs = [];
  for (const name of Object.keys(TARGETS)) {
    outs.push(await buildTarget(name, manifest, false));
    outs.push(await buildTarget(name, manifest, true));
  }

  if (process.argv.includes('--package')) {
    for (const name of Object.keys(TARGETS)) {
      const file = path.resolve(`dist/genre-lens-${manifest.version}-${name}.zip`);
      await rm(file, { force: true });
      zip(file, `dist/${name}`, ['.']);
      console.log(`packaged ${path.relative('.', file)}`);
    }
    // addons.mozilla.org reviews bundled code against its sources: everything tracked by git
    // except the screenshots, with the README telling how to rebuild.
    const sources = path.resolve(`dist/genre-lens-${manifest.version}-sources.zip`);
    await rm(sources, { force: true });
    const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.startsWith('docs/screenshots/'));
    zip(sources, '.', tracked);
    // The sources hold no node_modules: the notices of what the builds bundle from there go in too.
    zip(sources, 'dist/firefox', ['THIRD-PARTY-NOTICES.txt']);
    console.log(`packaged ${path.relative('.', sources)}`);
  }
  console.log(`built ${outs.join(', ')} in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(`build: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
