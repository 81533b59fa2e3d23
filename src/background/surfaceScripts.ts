/**
 * The content scripts of the switchable surfaces (YouTube Music, the mobile site, embedded
 * players): registered while the surface is on in the options and its hosts are granted,
 * unregistered otherwise — a surface that is off runs no script at all, in either world. The
 * scripts are the manifest's own (same files, worlds and timing), on the surface's hosts.
 */
import browser, { type Scripting } from 'webextension-polyfill';
import { loadPreferences } from '../shared/preferenceStore.ts';
import { manifestScripts, onSurfaceChange, SWITCHABLE, surfaceGrants, surfaceIsOn } from '../shared/surfaceAccess.ts';
import { SWITCHABLE_SURFACES, type SwitchableSurface } from '../shared/youtube.ts';

const ID_PREFIX = 'surface-';

/** The scripts a surface runs while on: each of the manifest's content scripts, on the surface's hosts. */
function surfaceScripts(surface: SwitchableSurface): Scripting.RegisteredContentScript[] {
  return manifestScripts().map((script, i) => ({
    id: `${ID_PREFIX}${surface}-${i}`,
    js: script.files,
    matches: [...SWITCHABLE_SURFACES[surface]],
    allFrames: script.all_frames,
    runAt: script.run_at,
    world: script.world,
    persistAcrossSessions: true,
  }));
}

let syncing: Promise<void> = Promise.resolve();

/** Brings the registered scripts in line with the preferences and grants (calls run one after another). */
export function syncSurfaceScripts(): Promise<void> {
  syncing = syncing.then(sync, sync);
  return syncing;
}

async function sync(): Promise<void> {
  const [prefs, grants] = await Promise.all([loadPreferences(), surfaceGrants()]);
  const wanted = SWITCHABLE.filter((surface) => surfaceIsOn(surface, prefs, grants)).flatMap(surfaceScripts);
  const registered = (await browser.scripting.getRegisteredContentScripts()).filter((script) => script.id.startsWith(ID_PREFIX));
  // A registration that differs (an update changed the scripts) is made again.
  const same = (a: Scripting.RegisteredContentScript, b: Scripting.RegisteredContentScript) =>
    a.id === b.id && JSON.stringify([a.js, a.matches, a.world ?? 'ISOLATED']) === JSON.stringify([b.js, b.matches, b.world ?? 'ISOLATED']);
  const stale = registered.filter((r) => !wanted.some((w) => same(w, r)));
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale.map((s) => s.id) });
  const missing = wanted.filter((w) => !registered.some((r) => same(w, r)));
  if (missing.length > 0) await browser.scripting.registerContentScripts(missing);
}

/** Keeps the registrations in line from now on: at start, and whenever the options or the grants change. */
export function startSurfaceScripts(): void {
  const resync = () => {
    syncSurfaceScripts().catch((error: unknown) => console.error('[Genre Lens] could not register the surfaces\u2019 scripts:', error));
  };
  onSurfaceChange(resync);
  resync();
}
