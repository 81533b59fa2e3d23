/**
 * Whether each switchable surface is on: the user leaves it on in the options and has granted
 * the host access it needs (the browser's own settings can take that back). One rule for the
 * background's script registrations, the options page and the popup. And the scripts a surface
 * runs: the manifest's own.
 */
import browser, { type Manifest, type Scripting } from 'webextension-polyfill';
import type { Preferences } from './preferences.ts';
import { optionalOriginsOf, SWITCHABLE_SURFACES, type SwitchableSurface } from './youtube.ts';

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
 * registered now apply to pages loaded from now on). They cannot hold the scripts yet: without
 * the grant nothing could run there. Embedded players are frames of other sites' tabs, found
 * only by their next load.
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

/** Per surface: has it the host access it needs? */
export async function surfaceGrants(): Promise<Record<SwitchableSurface, boolean>> {
  const entries = await Promise.all(
    SWITCHABLE.map(async (surface) => {
      const origins = optionalOriginsOf(surface);
      return [surface, origins.length === 0 || (await browser.permissions.contains({ origins }))] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<SwitchableSurface, boolean>;
}

export function surfaceIsOn(surface: SwitchableSurface, prefs: Preferences, grants: Record<SwitchableSurface, boolean>): boolean {
  return prefs.surfaces[surface] && grants[surface];
}

/** Calls `apply` with the grants now and whenever the extension's permissions change; returns an unsubscribe function. */
export function watchSurfaceGrants(apply: (grants: Record<SwitchableSurface, boolean>) => void): () => void {
  const load = () => void surfaceGrants().then(apply);
  browser.permissions.onAdded.addListener(load);
  browser.permissions.onRemoved.addListener(load);
  load();
  return () => {
    browser.permissions.onAdded.removeListener(load);
    browser.permissions.onRemoved.removeListener(load);
  };
}
