/**
 * Where Genre Lens looks on a YouTube page: which <video> is the one being
 * watched (watch page, Shorts, miniplayer, channel trailer), its player, and
 * its video id. Hover previews and stale hidden players are never picked.
 */

import { isVideoId, PLAYER } from '../shared/youtube.ts';

export function playerOf(video: HTMLVideoElement): Element | undefined {
  return video.closest(PLAYER.wrappers) ?? undefined;
}

function isPreview(video: HTMLVideoElement): boolean {
  return video.closest(PLAYER.previews) !== null;
}

function isShown(video: HTMLVideoElement): boolean {
  const box = video.getBoundingClientRect();
  if (box.width < 2 || box.height < 2) return false;
  const check = (video as { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  return check ? check.call(video, { visibilityProperty: true }) : true;
}

function isPlaying(video: HTMLVideoElement): boolean {
  return !video.paused && !video.ended;
}

/**
 * The video being watched: among videos inside a YouTube player and not in a preview, one
 * that plays and is shown, else one that plays, else one that is shown (the active Shorts
 * renderer first). A paused player hidden on another page is not a candidate.
 */
export function findVideo(): HTMLVideoElement | undefined {
  const candidates = [...document.getElementsByTagName('video')].filter((v) => !isPreview(v) && playerOf(v));
  if (candidates.length <= 1) return candidates.find((v) => isPlaying(v) || isShown(v));
  const shown = candidates.filter(isShown);
  return (
    shown.find(isPlaying) ??
    candidates.find(isPlaying) ??
    shown.find((v) => v.closest(PLAYER.activeShort)) ??
    shown[0]
  );
}

export function isAdShowing(player: Element | undefined): boolean {
  return player ? PLAYER.adClasses.some((c) => player.classList.contains(c)) : false;
}

/** The id in a YouTube URL (watch?v=…, /shorts/…, /live/…, /embed/…), or '' when there is none. */
export function videoIdOf(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return '';
  }
  const v = url.searchParams.get('v');
  const match = url.pathname.match(/^\/(shorts|live|embed)\/([^/?#]+)/);
  const id = v ?? match?.[2] ?? '';
  return isVideoId(id) ? id : '';
}

/**
 * The id of the video `player` plays, without the page's own script: the title link the
 * player shows, else the URL (wrong in the miniplayer and in playlists that advance on the
 * same element, hence the page-world id comes first where there is one).
 */
export function videoIdInDom(player: Element | undefined): string {
  const link = player?.querySelector<HTMLAnchorElement>(PLAYER.titleLink);
  const fromLink = link ? videoIdOf(link.href) : '';
  return fromLink || videoIdOf(location.href);
}
