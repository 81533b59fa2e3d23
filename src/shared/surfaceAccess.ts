/**
 * Whether each switchable surface is on: the user leaves it on in the options and has granted
 * the host access it needs (the browser's own settings can take that back). One rule for the
 * background's script registrations, the options page and the popup.
 */
import browser from 'webextension-polyfill';
import type { Preferences } from './preferences.ts';
import { optionalOriginsOf, SWITCHABLE_SURFACES, type SwitchableSurface } from './youtube.ts';

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
