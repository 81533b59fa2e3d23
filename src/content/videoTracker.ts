/**
 * Follows which <video> of the page is being watched, its player and its video id, and what
 * happens to them: media events of that video, ads (the player's class), a new video starting
 * anywhere, SPA navigation, ids from the page-world script. Nothing watches the whole DOM:
 * YouTube changes it many times a second (time display, progress bar, live chat), and only a
 * video that plays, a new source or a navigation can change what Genre Lens listens to.
 * Every listener is removed through the AbortSignal it is given.
 */
import { PAGE_WORLD_TAG, type PageWorldMessage } from '../shared/protocol.ts';
import { isVideoId } from '../shared/youtube.ts';
import { findVideo, isAdShowing, playerOf, videoIdInDom } from './youtubePage.ts';

export const VIDEO_EVENTS = ['playing', 'pause', 'ended', 'seeking', 'emptied', 'volumechange', 'loadstart'] as const;
export type VideoEvent = (typeof VIDEO_EVENTS)[number];
/** Seen on the document in the capture phase, from any media element (media events do not bubble). */
const PAGE_MEDIA_EVENTS = ['playing', 'loadstart'] as const;
/** Page-world ids kept per message: a page has a handful of players. */
const MAX_PLAYERS = 8;

export interface WatchedVideo {
  video: HTMLVideoElement | undefined;
  player: Element | undefined;
  /** '' when there is no valid video id (then there is no video either). */
  videoId: string;
}

export interface VideoTrackerEvents {
  /** Something may have changed which video is watched: look again (VideoTracker.find). */
  rescan(): void;
  /** A trusted media event of the bound video. */
  videoEvent(type: VideoEvent): void;
  /** The bound player started or stopped showing an ad. */
  adChanged(showing: boolean): void;
}

export class VideoTracker {
  private video: HTMLVideoElement | undefined;
  private player: Element | undefined;
  private inAd = false;
  private rescanQueued = false;
  /** Video ids by player element id, as the page-world script read them from the players. */
  private pageWorldIds: Record<string, string> = {};
  private readonly adObserver = new MutationObserver(() => this.checkAd());
  /** Aborted when the bound video changes: its listeners go with it. */
  private videoListeners: AbortController | undefined;

  constructor(
    private readonly events: VideoTrackerEvents,
    private readonly signal: AbortSignal,
  ) {
    // The page can dispatch any event on its own elements: only the browser's own count.
    const onMediaEvent = (event: Event) => {
      if (event.isTrusted && event.target instanceof HTMLVideoElement && event.target !== this.video) this.scheduleRescan();
    };
    for (const type of PAGE_MEDIA_EVENTS) document.addEventListener(type, onMediaEvent, { capture: true, signal });
    document.addEventListener('yt-navigate-finish', () => this.events.rescan(), { signal });
    window.addEventListener('message', (event) => this.handlePageWorld(event), { signal });
    signal.addEventListener('abort', () => {
      this.adObserver.disconnect();
      this.videoListeners?.abort();
    });
    // The page-world script may have published before this listener existed: ask again.
    this.askPageWorld();
  }

  get adShowing(): boolean {
    return this.inAd;
  }

  /** The video being watched now, its player and id (a video without a valid id is no video: a page could forge a giant one). */
  find(): WatchedVideo {
    const found = findVideo();
    const player = found ? playerOf(found) : undefined;
    const fromPage = player?.id ? this.pageWorldIds[player.id] : undefined;
    const videoId = fromPage ?? videoIdInDom(player);
    return videoId ? { video: found, player, videoId } : { video: undefined, player: undefined, videoId: '' };
  }

  /** Follows `player`'s ads and `video`'s media events (undefined: none). */
  bind(video: HTMLVideoElement | undefined, player: Element | undefined): void {
    if (player !== this.player) {
      this.adObserver.disconnect();
      this.player = player;
      if (player) this.adObserver.observe(player, { attributes: true, attributeFilter: ['class'] });
    }
    if (video === this.video) return;
    this.videoListeners?.abort();
    this.video = video;
    if (!video) return;
    this.videoListeners = new AbortController();
    const signal = AbortSignal.any([this.signal, this.videoListeners.signal]);
    for (const type of VIDEO_EVENTS) {
      video.addEventListener(
        type,
        (event) => {
          if (!event.isTrusted) return;
          if (type === 'loadstart') {
            // A new source on the same element (a playlist or the miniplayer's queue advancing): its id may have changed.
            this.askPageWorld();
            this.scheduleRescan();
          }
          this.events.videoEvent(type);
        },
        { signal },
      );
    }
  }

  /** Tells the tracker's owner when the bound player's ad state differs from the last one seen. */
  checkAd(): void {
    const ad = isAdShowing(this.player);
    if (ad === this.inAd) return;
    this.inAd = ad;
    this.events.adChanged(ad);
  }

  private scheduleRescan(): void {
    if (this.rescanQueued) return;
    this.rescanQueued = true;
    setTimeout(() => {
      this.rescanQueued = false;
      if (!this.signal.aborted) this.events.rescan();
    }, 0);
  }

  private askPageWorld(): void {
    window.postMessage({ tag: PAGE_WORLD_TAG, type: 'ask' } satisfies PageWorldMessage, location.origin);
  }

  /** Ids from the page-world script: only from this window, tagged, and each a valid video id. */
  private handlePageWorld(event: MessageEvent): void {
    const message = event.data as PageWorldMessage | undefined;
    if (event.source !== window || message?.tag !== PAGE_WORLD_TAG || message.type !== 'video-ids') return;
    if (typeof message.ids !== 'object' || message.ids === null) return;
    const ids: Record<string, string> = {};
    for (const [player, id] of Object.entries(message.ids).slice(0, MAX_PLAYERS)) if (isVideoId(id)) ids[player] = id;
    this.pageWorldIds = ids;
    // A player's id became known or changed (a rescan finds out which, and restarts if it must).
    this.scheduleRescan();
  }
}
