/**
 * Runs in the page's own JavaScript world (manifest `world: "MAIN"`), where
 * YouTube's player API lives: reads the id of the video each player plays
 * (`getVideoData().video_id`, right in the miniplayer, playlists and channel
 * trailers where the URL is not) and tells the content script through a
 * tagged window message. It reads; it never calls anything that changes the
 * player. The content script validates what arrives (the page could post it too).
 */
import { PAGE_WORLD_TAG, type PageWorldMessage } from '../shared/protocol.ts';
import { PLAYER } from '../shared/youtube.ts';
import { claimSingleRun } from '../shared/singleRun.ts';

type YouTubePlayer = Element & { getVideoData?: () => { video_id?: unknown } | undefined };

let last = '';

function publish(): void {
  const ids: Record<string, string> = {};
  for (const player of document.querySelectorAll<YouTubePlayer>(PLAYER.withApi)) {
    try {
      const id = player.getVideoData?.()?.video_id;
      if (typeof id === 'string' && id) ids[player.id] = id;
    } catch {
      // a player being torn down
    }
  }
  const key = JSON.stringify(ids);
  if (key === last) return;
  last = key;
  window.postMessage({ tag: PAGE_WORLD_TAG, type: 'video-ids', ids } satisfies PageWorldMessage, location.origin);
}

function start(): void {
  // A new source, a new track in the queue, a navigation: the ids may have changed. Media
  // events do not bubble, but the capture phase sees them.
  for (const type of ['loadstart', 'loadedmetadata', 'playing']) document.addEventListener(type, () => publish(), true);
  for (const type of ['yt-navigate-finish', 'yt-page-data-updated']) document.addEventListener(type, () => publish());
  window.addEventListener('message', (event) => {
    if (event.source === window && (event.data as PageWorldMessage | undefined)?.tag === PAGE_WORLD_TAG && event.data.type === 'ask') {
      last = '';
      publish();
    }
  });
  publish();
}

if (claimSingleRun('page-world')) start();
