/**
 * The YouTube facts, in one place: the hosts Genre Lens runs on (build.mjs writes the manifest's
 * host lists from YOUTUBE_HOSTS), what a video id looks like, which surface a frame is, and the
 * player elements the content script and the page-world script look for.
 */
import type { MessageKey } from './i18n.ts';

/**
 * One record per surface: where it runs, whether it is on at install, how the options and the
 * popup name it, where the badge goes. Adding a surface is a record here (plus its test); the
 * manifests' host lists, the options, the popup and the background's script registration follow.
 */
export interface SurfaceRecord {
  /** The host(s) it is served from. */
  readonly hosts: readonly string[];
  /** Where its scripts run (and, beyond REQUIRED_MATCHES, the host access it asks for). */
  readonly matches: readonly string[];
  /** undefined: always on (www.youtube.com's own pages); else whether it is on at install. */
  readonly onAtInstall: boolean | undefined;
  /** The options' label and the popup's name for it (switchable surfaces). */
  readonly optionLabel?: MessageKey;
  readonly placeName?: MessageKey;
  /** The element the badge sits on instead of the player, when there is one (YouTube Music's player bar). */
  readonly badgeAnchor?: string;
  /**
   * Pages of another surface's host that are this surface: any frame of that host that is not the
   * top-level page, and its top-level pages at these paths (`/embed`, `/embed/…`).
   */
  readonly claims?: { readonly host: string; readonly paths: readonly string[] };
}

export const SURFACES = {
  watch: { hosts: ['www.youtube.com'], matches: ['https://www.youtube.com/*'], onAtInstall: undefined },
  music: {
    hosts: ['music.youtube.com'],
    matches: ['https://music.youtube.com/*'],
    onAtInstall: true,
    optionLabel: 'optionsSurfaceMusic',
    placeName: 'popupPlaceMusic',
    // Song mode hides the video (artwork instead); the player bar is always there.
    badgeAnchor: 'ytmusic-player-bar',
  },
  mobile: { hosts: ['m.youtube.com'], matches: ['https://m.youtube.com/*'], onAtInstall: false, optionLabel: 'optionsSurfaceMobile', placeName: 'popupPlaceMobile' },
  embed: {
    hosts: ['www.youtube-nocookie.com'],
    matches: ['https://www.youtube.com/embed*', 'https://www.youtube-nocookie.com/*'],
    onAtInstall: false,
    optionLabel: 'optionsSurfaceEmbed',
    placeName: 'popupPlaceEmbed',
    claims: { host: 'www.youtube.com', paths: ['/embed'] },
  },
} as const satisfies Record<string, SurfaceRecord>;

export type Surface = keyof typeof SURFACES;
/** Per surface: on (switched on and granted) or off. */
export type SurfacesOn = Record<Surface, boolean>;
/** The surfaces a user switches on or off in the options. */
export type SwitchableSurface = { [S in Surface]: (typeof SURFACES)[S]['onAtInstall'] extends boolean ? S : never }[Surface];

const SURFACE_NAMES = Object.keys(SURFACES) as Surface[];

export const YOUTUBE_HOSTS: readonly string[] = SURFACE_NAMES.flatMap((surface) => SURFACES[surface].hosts);

/** Match patterns for every host (the web-accessible worklet, and what the debug build is granted at install). */
export const YOUTUBE_MATCHES = YOUTUBE_HOSTS.map((host) => `https://${host}/*`);

/** The hosts Genre Lens asks for at install: the always-on surface and those on at install. */
export const REQUIRED_MATCHES: readonly string[] = SURFACE_NAMES.filter((surface) => SURFACES[surface].onAtInstall !== false).flatMap((surface) =>
  SURFACES[surface].hosts.map((host) => `https://${host}/*`),
);

/** Where the watch surface (www.youtube.com's own pages, always on) runs. */
export const WATCH_MATCHES = SURFACES.watch.matches;

/**
 * The surfaces a user switches on or off, and where their scripts run while on (registered by
 * the background, src/background/surfaceScripts.ts). Hosts not in REQUIRED_MATCHES are optional
 * host permissions, asked for when the surface is switched on and given back when it is switched
 * off; www.youtube.com's own /embed frames (`/embed`, `/embed?…`, `/embed/…`) need no new access
 * but get no script while embeds are off either.
 */
export const SWITCHABLE_SURFACES = perSwitchable((surface) => SURFACES[surface].matches as readonly string[]);

/** On at install (its host is required); the others wait until the user switches them on and grants them. */
export const SURFACES_ON_AT_INSTALL = perSwitchable((surface) => SURFACES[surface].onAtInstall);

/** A surface's record, with every field optional ones included. */
export const surfaceRecord = (surface: Surface): SurfaceRecord => SURFACES[surface];

function perSwitchable<T>(value: (surface: SwitchableSurface) => T): Record<SwitchableSurface, T> {
  const out = {} as Record<SwitchableSurface, T>;
  for (const surface of SURFACE_NAMES) if (SURFACES[surface].onAtInstall !== undefined) out[surface as SwitchableSurface] = value(surface as SwitchableSurface);
  return out;
}

/** The match patterns a surface needs host access to (permissions.contains ignores the path). */
export function matchesOf(surface: Surface): readonly string[] {
  return surface === 'watch' ? WATCH_MATCHES : SWITCHABLE_SURFACES[surface];
}

/** Paths of the required host that belong to a switchable surface: the manifest's scripts leave them out. */
export const SWITCHABLE_REQUIRED_MATCHES: readonly string[] = Object.values(SWITCHABLE_SURFACES)
  .flat()
  .filter((match) => REQUIRED_MATCHES.some((required) => new URL(match.replace('*', 'x')).host === new URL(required.replace('*', 'x')).host));

/** The host access a surface needs beyond REQUIRED_MATCHES (the manifest's optional_host_permissions). */
export function optionalOriginsOf(surface: SwitchableSurface): string[] {
  return SWITCHABLE_SURFACES[surface].filter((match) => !SWITCHABLE_REQUIRED_MATCHES.includes(match));
}

export const OPTIONAL_MATCHES: readonly string[] = (Object.keys(SWITCHABLE_SURFACES) as SwitchableSurface[]).flatMap(optionalOriginsOf);

/** A YouTube video id: 11 characters of [A-Za-z0-9_-]. Anything else is "no video". */
export const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

export function isVideoId(value: unknown): value is string {
  return typeof value === 'string' && VIDEO_ID.test(value);
}

export function isYouTubeUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && (YOUTUBE_HOSTS as readonly string[]).includes(parsed.hostname);
  } catch {
    return false;
  }
}

/**
 * Which surface a frame is: YouTube Music, the mobile site, an embedded player, or the main
 * site. Every www.youtube.com frame that is not the top-level page is an embed, whatever its
 * path (`/embed`, `/embed?list=…`, `/embed/ID`, any other), and so is an /embed page opened on
 * its own: only the top-level watch, Shorts… pages are the always-on surface.
 */
export function surfaceOf(url: string, inFrame: boolean): Surface {
  const { hostname, pathname } = new URL(url);
  const claimed = SURFACE_NAMES.find((surface) => {
    const claims = surfaceRecord(surface).claims;
    return claims?.host === hostname && (inFrame || claims.paths.some((p) => pathname === p || pathname.startsWith(`${p}/`)));
  });
  return claimed ?? SURFACE_NAMES.find((surface) => (SURFACES[surface].hosts as readonly string[]).includes(hostname)) ?? 'watch';
}

/** The player elements and classes of YouTube's pages. */
export const PLAYER = {
  /** Every YouTube player wraps its <video> in one of these (watch, Shorts, miniplayer, embeds, channel trailer). */
  wrappers: '.html5-video-player, #movie_player, #shorts-player',
  /** The players whose page-world API (getVideoData) says which video they play. */
  withApi: '#movie_player, #shorts-player',
  /** Players of previews (hovering a thumbnail plays one, muted): never what is being watched. */
  previews: '#inline-preview-player, #video-preview, ytd-video-preview, ytd-moving-thumbnail-renderer',
  /** The active Shorts renderer, when several Shorts players are shown. */
  activeShort: 'ytd-reel-video-renderer[is-active]',
  /** The link to the playing video in the player's title bar. */
  titleLink: 'a.ytp-title-link[href]',
  /** Classes the player carries while an ad plays. */
  adClasses: ['ad-showing', 'ad-interrupting'],
} as const;
