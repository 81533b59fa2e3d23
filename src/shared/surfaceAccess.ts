/**
 * Whether each surface is on: the user leaves it on in the options (www.youtube.com's own pages
 * always are) and the browser grants the host access it needs (its own settings can take that
 * back, required hosts included). One rule for the background's script registrations, the engine's
 * admission of audio ports, the options page and the popup. And the scripts a surface runs: the
 * manifest's own.
 */
import browser, { type Manifest, type Scripting } from 'webextension-polyfill';
import type { Preferences } from './preferences.ts';
import { loadPreferences } from './preferenceStore.ts';
import { matchesOf, type Surface, type SurfacesOn, SWITCHABLE_SURFACES, type SwitchableSurface } from './youtube.ts';

export type { SurfacesOn };

/** The manifest's content scripts: files (as paths), world and timing — what a surface runs while on. */
export function manifestScripts(): (Manifest.ContentScript & { files: string[]; world?: Scripting.ExecutionWorld })[] {
  return (browser.runtime.getManifest().content_scripts ?? []).map((script) => ({
    ...script,
    // Firefox's getManifest() gives the files as full moz-extension:// URLs; the scripting API wants paths.
    files: (script.js ?? []).map((file) => new URL(file, 'https://x/').pathname.slice(1)),
  }));
}

/**
 * Right after its host was granted, starts the surface in the tabs already open on it (scripts
 * registered now apply to pages loaded from now on). A tab may hold the scripts already (the
 * surface was on before, switched off and on again): each script runs once per frame and a
 * second copy returns at once (src/shared/singleRun.ts). Embedded players are frames of other
 * sites' tabs, found only by their next load.
 */
export async function startInOpenTabs(surface: SwitchableSurface): Promise<void> {
  if (surface === 'embed') return;
  const tabs = await browser.tabs.query({ url: [...SWITCHABLE_SURFACES[surface]] });
  for (const tab of tabs) {
    if (tab.id === undefined) continue;
    for (const script of manifestScripts()) {
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: script.files, world: script.world }).catch(() => undefined);
    }
  }
}

export const SWITCHABLE: readonly SwitchableSurface[] = Object.keys(SWITCHABLE_SURFACES) as SwitchableSurface[];
const SURFACES: readonly Surface[] = ['watch', ...SWITCHABLE];

export type SurfaceGrants = Record<Surface, boolean>;

/** The origins (host permissions) a surface's match patterns need. */
export function surfaceOrigins(surface: Surface): string[] {
  return [...new Set(matchesOf(surface).map((match) => `https://${new URL(match.replace(/\*/g, 'x')).host}/*`))];
}

/** Per surface: has it the host access it needs? */
export async function surfaceGrants(): Promise<SurfaceGrants> {
  const entries = await Promise.all(SURFACES.map(async (surface) => [surface, await browser.permissions.contains({ origins: surfaceOrigins(surface) })] as const));
  return Object.fromEntries(entries) as SurfaceGrants;
}

export function surfaceIsOn(surface: Surface, prefs: Preferences, grants: SurfaceGrants): boolean {
  return grants[surface] && (surface === 'watch' || prefs.surfaces[surface]);
}

/** Every surface, on or off, as the options and grants say now. */
export async function surfacesOn(): Promise<SurfacesOn> {
  const [prefs, grants] = await Promise.all([loadPreferences(), surfaceGrants()]);
  return Object.fromEntries(SURFACES.map((surface) => [surface, surfaceIsOn(surface, prefs, grants)])) as SurfacesOn;
}

/** Calls `changed` whenever a surface may have been switched or its access granted or taken back; returns an unsubscribe function. */
export function onSurfaceChange(changed: () => void): () => void {
  const onStorage = (changes: Record<string, unknown>, area: string) => {
    if (area === 'sync' && 'surfaces' in changes) changed();
  };
  browser.storage.onChanged.addListener(onStorage);
  browser.permissions.onAdded.addListener(changed);
  browser.permissions.onRemoved.addListener(changed);
  return () => {
    browser.storage.onChanged.removeListener(onStorage);
    browser.permissions.onAdded.removeListener(changed);
    browser.permissions.onRemoved.removeListener(changed);
  };
}

/** Calls `apply` with the grants now and whenever the extension's permissions change; returns an unsubscribe function. */
export function watchSurfaceGrants(apply: (grants: SurfaceGrants) => void): () => void {
  const load = () => void surfaceGrants().then(apply);
  browser.permissions.onAdded.addListener(load);
  browser.permissions.onRemoved.addListener(load);
  load();
  return () => {
    browser.permissions.onAdded.removeListener(load);
    browser.permissions.onRemoved.removeListener(load);
  };
}
