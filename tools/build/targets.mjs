/** What each build holds: its entry points, pages, copied files and manifest (used by build.mjs and the notices test). */
import * as esbuild from 'esbuild';

/** Loads a TypeScript module of src/ (its facts have one home there: hosts, page names, ids). */
export async function importSource(file) {
  const { outputFiles } = await esbuild.build({ entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}
const { FIREFOX_ID, OFFSCREEN_PAGE } = await importSource('src/shared/protocol.ts');
const { MODEL_FILES, MODEL_NOTICES } = await importSource('src/shared/modelFiles.ts');

const FIREFOX_MIN_VERSION = '140.0';

/**
 * A target's esbuild runs: ES modules (its background, extension pages) and classic scripts
 * (content scripts, worklet) — what build.mjs bundles and the notices test inspects.
 */
export function bundlesOf(target) {
  return [
    {
      entryPoints: { ...target.entryPoints, popup: 'src/popup/index.tsx', options: 'src/options/index.tsx' },
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'preact',
    },
    {
      entryPoints: { content: 'src/content/index.ts', 'capture-worklet': 'src/content/captureWorklet.ts', 'page-world': 'src/content/pageWorld.ts' },
      format: 'iife',
    },
  ];
}

/**
 * Files copied into every build as they are: [from, to, notices]. A third-party file names the
 * notice files that cover it (they go into THIRD-PARTY-NOTICES.txt); the build fails when a
 * file from node_modules names none.
 */
export const COPIED_FILES = [
  ['src/popup/popup.html', 'popup.html'],
  ['src/popup/popup.css', 'popup.css'],
  ['src/options/options.html', 'options.html'],
  ['src/options/options.css', 'options.css'],
  // The model files (src/shared/modelFiles.ts), where the engine fetches them.
  ...Object.entries(MODEL_FILES).map(([key, file]) => (MODEL_NOTICES[key] ? [file, file, [...MODEL_NOTICES[key]]] : [file, file])),
  ['model/YAMNET-LICENSE.txt', 'model/YAMNET-LICENSE.txt'],
  ['model/YAMNET-NOTICE.txt', 'model/YAMNET-NOTICE.txt'],
  ['node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm', 'ort/ort-wasm-simd-threaded.wasm', ['licenses/onnxruntime-web-wasm.txt']],
];

export const TARGETS = {
  chrome: {
    esbuildTarget: 'chrome130',
    entryPoints: { background: 'src/background/chrome.ts', offscreen: 'src/offscreen/index.ts' },
    pages: [['src/offscreen/offscreen.html', OFFSCREEN_PAGE]],
    manifest: (m) => m,
  },
  firefox: {
    esbuildTarget: 'firefox140',
    entryPoints: { background: 'src/background/firefox.ts' },
    pages: [],
    manifest: firefoxManifest,
  },
};

/**
 * Firefox has no offscreen documents or service-worker background: its
 * background is an event page whose module script hosts router and engine.
 */
function firefoxManifest(chrome) {
  const { minimum_chrome_version: _, background: __, ...rest } = chrome;
  return {
    ...rest,
    permissions: chrome.permissions.filter((p) => p !== 'offscreen'),
    // use_dynamic_url is Chrome's; Firefox already gives each install its own random moz-extension:// origin.
    web_accessible_resources: chrome.web_accessible_resources.map(({ use_dynamic_url: _, ...resource }) => resource),
    background: { scripts: ['background.js'], type: 'module' },
    browser_specific_settings: {
      gecko: { id: FIREFOX_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
      // data_collection_permissions came to Firefox for Android in 142.
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}
