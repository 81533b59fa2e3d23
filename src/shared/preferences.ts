/** User preferences (stored in chrome.storage.sync by preferenceStore.ts): types, defaults, validation. */
import { FEATURE_SPEC } from '../core/spec.ts';
import { SURFACES_ON_AT_INSTALL, type SwitchableSurface } from './youtube.ts';

export const BADGE_POSITIONS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type BadgePosition = (typeof BADGE_POSITIONS)[number];

export const WINDOW_SECONDS_RANGE = { min: 5, max: 30 } as const;

export type Preferences = {
  badgeVisible: boolean;
  badgePosition: BadgePosition;
  /** Length of the rolling analysis window, in seconds. */
  windowSeconds: number;
  /** Show the three most likely genres on the badge instead of one. */
  showTop3: boolean;
  /** Colour overrides per genre name ("#rrggbb"). */
  colors: Record<string, string>;
  /** Where Genre Lens listens besides www.youtube.com (which is always on). */
  surfaces: Record<SwitchableSurface, boolean>;
};

export const DEFAULT_PREFERENCES: Preferences = {
  badgeVisible: true,
  badgePosition: 'top-left',
  windowSeconds: FEATURE_SPEC.windowSeconds,
  showTop3: false,
  colors: {},
  surfaces: { ...SURFACES_ON_AT_INSTALL },
};

/** Validates whatever storage holds, falling back to the defaults field by field. */
export function readPreferences(items: Record<string, unknown>): Preferences {
  const position = BADGE_POSITIONS.includes(items.badgePosition as BadgePosition)
    ? (items.badgePosition as BadgePosition)
    : DEFAULT_PREFERENCES.badgePosition;
  const seconds = Number(items.windowSeconds);
  const colors: Record<string, string> = {};
  if (items.colors && typeof items.colors === 'object') {
    for (const [genre, color] of Object.entries(items.colors as Record<string, unknown>)) {
      if (typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color)) colors[genre] = color;
    }
  }
  return {
    badgeVisible: items.badgeVisible !== false,
    badgePosition: position,
    windowSeconds: Number.isFinite(seconds)
      ? Math.min(WINDOW_SECONDS_RANGE.max, Math.max(WINDOW_SECONDS_RANGE.min, Math.round(seconds)))
      : DEFAULT_PREFERENCES.windowSeconds,
    showTop3: items.showTop3 === true,
    colors,
    surfaces: readSurfaces(items.surfaces),
  };
}

/** Each surface as stored when it is a boolean, its install default otherwise. */
function readSurfaces(stored: unknown): Record<SwitchableSurface, boolean> {
  const saved = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const entries = Object.entries(SURFACES_ON_AT_INSTALL).map(([surface, atInstall]) => {
    const value = saved[surface];
    return [surface, typeof value === 'boolean' ? value : atInstall];
  });
  return Object.fromEntries(entries) as Record<SwitchableSurface, boolean>;
}
