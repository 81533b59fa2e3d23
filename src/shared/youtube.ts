/**
 * The YouTube facts, in one place: the hosts Genre Lens runs on (build.mjs writes the manifest's
 * host lists from YOUTUBE_HOSTS), what a video id looks like, which surface a frame is, and the
 * player elements the content script and the page-world script look for.
 */
export type Surface = 'watch' | 'music' | 'mobile' | 'embed';

export const YOUTUBE_HOSTS = ['www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'www.youtube-nocookie.com'] as const;

/** The manifest's match patterns for those hosts (host_permissions, content scripts, web-accessible resources). */
export const YOUTUBE_MATCHES = YOUTUBE_HOSTS.map((host) => `https://${host}/*`);

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

/** Which surface a frame is: an embedded player (/embed/ in a frame), YouTube Music, the mobile site or the main site. */
export function surfaceOf(url: string, inFrame: boolean): Surface {
  const { hostname, pathname } = new URL(url);
  if (pathname.startsWith('/embed/') || hostname === 'www.youtube-nocookie.com') return 'embed';
  if (hostname === 'music.youtube.com') return 'music';
  if (hostname === 'm.youtube.com') return 'mobile';
  return inFrame ? 'embed' : 'watch';
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
  /** YouTube Music's player bar, always shown (song mode hides the video). */
  musicPlayerBar: 'ytmusic-player-bar',
  /** Classes the player carries while an ad plays. */
  adClasses: ['ad-showing', 'ad-interrupting'],
} as const;
