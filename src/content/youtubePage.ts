/** Where Genre Lens looks on a YouTube page. */

export function findPlayer(): Element | undefined {
  return document.querySelector('#movie_player') ?? undefined;
}

export function findVideo(): HTMLVideoElement | undefined {
  return (
    document.querySelector<HTMLVideoElement>('#movie_player video.html5-main-video') ??
    document.querySelector<HTMLVideoElement>('#movie_player video') ??
    undefined
  );
}

export function isAdShowing(player: Element | undefined): boolean {
  return player?.classList.contains('ad-showing') ?? false;
}

/** The video's id (watch?v=…, /shorts/…, /live/…), or the path for other pages. */
export function videoIdOf(href: string): string {
  const url = new URL(href);
  const v = url.searchParams.get('v');
  if (v) return v;
  const match = url.pathname.match(/^\/(shorts|live|embed)\/([\w-]+)/);
  return match ? match[2]! : url.pathname;
}
