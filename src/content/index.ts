/**
 * Content script on YouTube: follows the player's <video> (SPA navigation,
 * element replacement, ads), taps its audio while it plays, streams it to the
 * offscreen engine and shows the answer on the player badge.
 */
import browser from 'webextension-polyfill';
import { GenreTimeline } from '../core/timeline.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '../shared/preferences.ts';
import { watchPreferences } from '../shared/preferenceStore.ts';
import { type ContentRequest, type GenreReport, PAGE_WORLD_TAG, type PackedSamples, type PageWorldMessage } from '../shared/protocol.ts';
import { AudioTap } from './audioTap.ts';
import { EngineLink, extensionAlive, sendToBackground } from './engineLink.ts';
import { log } from './log.ts';
import { PlayerBadge } from './playerBadge.ts';
import { DEBUG } from '../shared/debug.ts';
import { isVideoId, PLAYER, surfaceOf } from '../shared/youtube.ts';
import { StitchedAdClock } from './stitchedAdClock.ts';
import { findVideo, isAdShowing, playerOf, videoIdInDom } from './youtubePage.ts';

const VIDEO_EVENTS = ['playing', 'pause', 'ended', 'seeking', 'emptied', 'volumechange', 'loadstart'] as const;
const TIMELINE_REFRESH_MS = 5000;
/** Timelines kept per tab (one per video watched in it). */
const MAX_TIMELINES = 20;
/** Seen on the document in the capture phase, from any media element. */
const PAGE_MEDIA_EVENTS = ['playing', 'loadstart'] as const;

class GenreLensPage {
  private readonly tap = new AudioTap((samples) => this.onSamples(samples), { workletUrl: browser.runtime.getURL('capture-worklet.js') });
  private readonly link = new EngineLink((report) => this.onReport(report));
  private readonly badge = new PlayerBadge();
  private video: HTMLVideoElement | undefined;
  private player: Element | undefined;
  private videoId = '';
  private streaming = false;
  private inAd = false;
  /**
   * A media element starting anywhere in the page (media events do not bubble, but the
   * capture phase sees them). This replaces a document-wide MutationObserver: YouTube changes
   * its DOM many times a second (time display, progress bar, live chat), and only a video
   * that plays, a new source or a navigation can change what Genre Lens listens to.
   */
  private readonly onMediaEvent = (event: Event) => {
    if (event.isTrusted && event.target instanceof HTMLVideoElement && event.target !== this.video) this.scheduleScan();
  };
  private readonly adObserver = new MutationObserver(() => this.checkAd());
  private scanQueued = false;
  /** Genre timelines per video, kept while the tab lives. */
  private readonly timelines = new Map<string, GenreTimeline>();
  /** Stitched ads in the current video's stream: timeline times are the video's own. */
  private readonly adClock = new StitchedAdClock();
  private readonly onExtensionMessage = (message: unknown) => {
    this.guard(() => this.handleRequest(message as ContentRequest));
    return undefined;
  };
  private stopped = false;
  /** The engine reported an error: stop streaming until the page reloads (no retry storm). */
  private engineFailed = false;
  // The page can dispatch any event on its own elements: only the browser's own count.
  private readonly onVideoEvent = (event: Event) => {
    if (event.isTrusted) this.guard(() => this.handleVideoEvent(event.type));
  };
  private readonly onGesture = (event: Event) => {
    if (event.isTrusted) this.guard(() => this.startIfPlaying());
  };
  private readonly onNavigate = () => this.guard(() => this.scan());
  /** Video ids by player element id, as the page-world script read them from the players. */
  private pageWorldIds: Record<string, string> = {};
  private readonly onWindowMessage = (event: MessageEvent) => this.guard(() => this.handlePageWorld(event));

  start(): void {
    for (const type of PAGE_MEDIA_EVENTS) document.addEventListener(type, this.onMediaEvent, true);
    document.addEventListener('yt-navigate-finish', this.onNavigate);
    window.addEventListener('message', this.onWindowMessage);
    // The page-world script may have published before this listener existed: ask again.
    this.askPageWorld();
    window.addEventListener('pointerdown', this.onGesture, true);
    window.addEventListener('keydown', this.onGesture, true);
    browser.runtime.onMessage.addListener(this.onExtensionMessage);
    this.unwatchPreferences = watchPreferences((prefs) => this.guard(() => this.applyPreferences(prefs)));
    this.scan();
  }

  private unwatchPreferences: (() => void) | undefined;
  private prefs: Preferences = DEFAULT_PREFERENCES;

  private applyPreferences(prefs: Preferences): void {
    const windowChanged = prefs.windowSeconds !== this.prefs.windowSeconds;
    const wasEnabled = this.enabled;
    this.prefs = prefs;
    if (this.enabled !== wasEnabled) this.scan();
    this.badge.setPreferences(prefs);
    // A new window length restarts the analysis with it.
    if (windowChanged && this.streaming) {
      this.startStream(prefs.windowSeconds);
      this.badge.listening();
    }
  }

  private handleRequest(request: ContentRequest): void {
    if (request.type === 'video/seek' && this.video && Number.isFinite(request.time)) {
      this.video.currentTime = this.adClock.toElementTime(Math.max(0, request.time));
      if (this.video.paused) void this.video.play().catch(() => undefined);
    }
  }

  private timeline(): GenreTimeline {
    let timeline = this.timelines.get(this.videoId);
    if (!timeline) {
      timeline = new GenreTimeline();
      this.timelines.set(this.videoId, timeline);
      // Keep the most recent videos only (a Map iterates in insertion order).
      while (this.timelines.size > MAX_TIMELINES) this.timelines.delete(this.timelines.keys().next().value!);
    }
    return timeline;
  }

  private timelinePublishedAt = 0;
  private timelinePublishedSections = -1;

  /**
   * Sends the timeline for the popup when a section begins, and otherwise at most every
   * TIMELINE_REFRESH_MS (the last section only grows meanwhile).
   */
  private publishTimeline(force = false): void {
    const sections = this.timeline().all;
    const now = Date.now();
    if (!force && sections.length === this.timelinePublishedSections && now - this.timelinePublishedAt < TIMELINE_REFRESH_MS) return;
    this.timelinePublishedAt = now;
    this.timelinePublishedSections = sections.length;
    const duration = this.video && Number.isFinite(this.video.duration) ? Math.max(0, this.video.duration - this.adClock.adSeconds) : 0;
    void sendToBackground({ type: 'tab/timeline', timeline: { videoId: this.videoId, duration, sections: [...sections] } });
  }

  /** Goes quiet for good (the extension was reloaded or removed). */
  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const type of PAGE_MEDIA_EVENTS) document.removeEventListener(type, this.onMediaEvent, true);
    this.adObserver.disconnect();
    document.removeEventListener('yt-navigate-finish', this.onNavigate);
    window.removeEventListener('message', this.onWindowMessage);
    window.removeEventListener('pointerdown', this.onGesture, true);
    window.removeEventListener('keydown', this.onGesture, true);
    try {
      browser.runtime.onMessage.removeListener(this.onExtensionMessage);
      this.unwatchPreferences?.();
    } catch {
      // the extension context is already gone
    }
    this.bindVideo(undefined);
    this.tap.untap();
    this.badge.unmount();
    this.streaming = false;
  }

  /** Runs a handler; errors never escape into the page. */
  private guard(fn: () => void | Promise<void>): void {
    if (this.stopped) return;
    if (!extensionAlive()) {
      this.stop();
      return;
    }
    try {
      const result = fn();
      if (result) result.catch((error: unknown) => log.warn(error));
    } catch (error) {
      log.warn(error);
    }
  }

  private scheduleScan(): void {
    if (this.scanQueued) return;
    this.scanQueued = true;
    setTimeout(() => {
      this.scanQueued = false;
      this.guard(() => this.scan());
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
    for (const [player, id] of Object.entries(message.ids).slice(0, 8)) if (isVideoId(id)) ids[player] = id;
    this.pageWorldIds = ids;
    // A player's id became known or changed (scan finds out which, and restarts if it must).
    this.scheduleScan();
  }

  private videoIdOf(player: Element | undefined): string {
    const fromPage = player?.id ? this.pageWorldIds[player.id] : undefined;
    return fromPage ?? videoIdInDom(player);
  }

  /** Which YouTube surface this frame is, and whether the user lets Genre Lens listen there. */
  private readonly surface = surfaceOf(location.href, window !== window.top);

  private get enabled(): boolean {
    return this.surface === 'watch' || this.prefs.surfaces[this.surface];
  }

  private scan(): void {
    if (!this.enabled) {
      if (this.video) this.bindVideo(undefined);
      this.badge.unmount();
      if (this.streaming) void sendToBackground({ type: 'tab/state', state: 'idle' });
      this.streaming = false;
      return;
    }
    const found = findVideo();
    const foundPlayer = found ? playerOf(found) : undefined;
    const id = this.videoIdOf(foundPlayer);
    // Without a valid YouTube video id there is no video to speak of (a page could forge a giant one).
    const video = id ? found : undefined;
    const player = id ? foundPlayer : undefined;
    if (player !== this.player) {
      this.adObserver.disconnect();
      this.player = player;
      if (player) this.adObserver.observe(player, { attributes: true, attributeFilter: ['class'] });
    }
    if (video !== this.video) this.bindVideo(video);
    if (id !== this.videoId) {
      this.videoId = id;
      this.adClock.reset();
      this.resetStream(id);
      this.badge.listening();
      if (video) this.publishTimeline(true);
    }
    if (player && video) {
      // YouTube Music's song mode hides the video (artwork instead); its player bar is always there.
      this.badge.mount(this.surface === 'music' ? (document.querySelector(PLAYER.musicPlayerBar) ?? player) : player, this.surface);
      this.badge.setAudioContextState(this.tap.contextState);
      this.checkAd();
    } else {
      this.badge.unmount();
      if (this.streaming) void sendToBackground({ type: 'tab/state', state: 'idle' });
      this.streaming = false;
    }
  }

  private bindVideo(video: HTMLVideoElement | undefined): void {
    for (const type of VIDEO_EVENTS) this.video?.removeEventListener(type, this.onVideoEvent);
    if (this.video && this.video !== video) {
      this.adClock.reset();
      this.tap.untap();
      this.streaming = false;
    }
    this.video = video;
    for (const type of VIDEO_EVENTS) video?.addEventListener(type, this.onVideoEvent);
    if (video && !video.paused && !video.ended) void this.startIfPlaying();
  }

  private async handleVideoEvent(type: string): Promise<void> {
    switch (type) {
      case 'playing':
        await this.startIfPlaying();
        break;
      case 'pause':
      case 'ended':
        this.streaming = false;
        this.link.pause();
        this.badge.paused();
        this.publishTimeline(true);
        void sendToBackground({ type: 'tab/state', state: 'paused', videoId: this.videoId });
        break;
      case 'loadstart':
        // A new stream: ad spans recorded in the previous one no longer apply.
        this.adClock.reset();
        // A new source on the same element (a playlist or the miniplayer's queue advancing):
        // if its id changed, scan restarts the window and the timeline.
        this.askPageWorld();
        this.scheduleScan();
        break;
      case 'seeking':
      case 'emptied':
        // New audio follows: the rolling window starts over.
        this.resetStream(this.videoId);
        if (this.video && !this.video.paused) this.badge.listening();
        break;
    }
  }

  private async startIfPlaying(): Promise<void> {
    const video = this.video;
    if (!video || video.paused || video.ended || this.streaming) return;
    const result = await this.tap.tap(video);
    if (video !== this.video) return;
    if (result === 'unavailable') {
      this.badge.unavailable();
      return;
    }
    if (result === 'waiting' || video.paused) return; // waiting for a user gesture
    this.streaming = true;
    this.badge.setAudioContextState(this.tap.contextState);
    this.startStream(this.prefs.windowSeconds);
    if (!this.inAd) this.badge.listening();
    void sendToBackground({ type: 'tab/state', state: 'listening', videoId: this.videoId });
  }

  /** The engine starts a new window; the worklet starts a new chunk schedule with it (see captureWorklet.ts). */
  private startStream(windowSeconds: number): void {
    this.tap.restartChunks();
    this.link.start(this.tap.sampleRate, this.videoId, windowSeconds);
  }

  private resetStream(videoId: string): void {
    this.tap.restartChunks();
    this.link.reset(videoId);
  }

  private checkAd(): void {
    const ad = isAdShowing(this.player);
    if (ad === this.inAd) return;
    this.inAd = ad;
    if (this.video) {
      if (ad) this.adClock.adStarted(this.video.currentTime, this.video.currentSrc);
      else this.adClock.adEnded(this.video.currentTime, this.video.currentSrc);
    }
    this.badge.setAdShowing(ad);
    // Neither the ad nor the audio around it may leak into the video's guess.
    this.resetStream(this.videoId);
    if (!ad) this.badge.listening();
  }

  private onSamples(samples: PackedSamples): void {
    if (this.stopped || this.engineFailed || !this.streaming || this.inAd || !this.video || this.video.paused) return;
    if (!extensionAlive()) {
      this.stop();
      return;
    }
    this.link.send(samples);
  }

  private onReport(report: GenreReport): void {
    if (report.state === 'error') {
      if (!this.engineFailed) log.warn('engine error:', report.message);
      this.engineFailed = true;
      this.badge.show(report);
      return;
    }
    if (report.videoId !== undefined && report.videoId !== this.videoId) return;
    if (this.inAd) return;
    if (!this.streaming) return;
    this.badge.show(report);
    if (report.state === 'ready' && report.genre && this.video) {
      this.timeline().add(this.adClock.toVideoTime(this.video.currentTime), Math.min(report.secondsHeard, this.prefs.windowSeconds), report.genre);
      this.publishTimeline();
    }
  }

  /** Counters for leak checks in tests. */
  debugStats() {
    return {
      audioSources: this.tap.sourceCount,
      contextState: this.tap.contextState,
      portsOpened: this.link.portsOpened,
      chunksSent: this.link.chunksSent,
      inAd: this.inAd,
      stopped: this.stopped,
      connected: this.link.connected,
      streaming: this.streaming,
      tapKind: this.tap.tapKind,
      videoId: this.videoId,
    };
  }
}

const page = new GenreLensPage();
page.start();
// Exposed to the content script's isolated world only (not the page), in debug builds, for tests.
if (DEBUG) (globalThis as { genreLensDebug?: () => unknown }).genreLensDebug = () => page.debugStats();
