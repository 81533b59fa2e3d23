/** Where YouTube plays and Genre Lens listens (the manifest's host matches say the same). */
export type Surface = 'watch' | 'music' | 'mobile' | 'embed';

export const YOUTUBE_HOSTS = ['www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'www.youtube-nocookie.com'] as const;

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
