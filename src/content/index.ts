/**
 * Content script on YouTube: wires the jobs together — the video tracker (which video is
 * watched, its events and ads), the audio tap (while it plays and no ad shows), the link to the
 * engine, the player badge and the timeline — and tears all of them down through one
 * AbortController when the extension goes away.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { outsideGenre } from '../core/genres.ts';
import { DEBUG } from '../shared/debug.ts';
import { claimSingleRun } from '../shared/singleRun.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '../shared/preferences.ts';
import { watchPreferences } from '../shared/preferenceStore.ts';
import type { ContentRequest, GenreReport, PackedSamples, WorkletMessage } from '../shared/protocol.ts';
import { surfaceOf, surfaceRecord } from '../shared/youtube.ts';
import { AudioTap } from './audioTap.ts';
import { EngineLink, extensionAlive } from './engineLink.ts';
import { log } from './log.ts';
import { PlayerBadge } from './playerBadge.ts';
import { TimelinePublisher } from './timelinePublisher.ts';
import { type VideoEvent, VideoTracker } from './videoTracker.ts';

class GenreLensPage {
  private readonly lifetime = new AbortController();
  private readonly tap = new AudioTap((samples) => this.onSamples(samples), { workletUrl: browser.runtime.getURL('capture-worklet.js') });
  private readonly link = new EngineLink(
    (report) => this.onReport(report),
    () => this.guard(() => this.onSurfaceRefused()),
    () => {
      if (this.streaming && !this.tracker.adShowing) this.badge.busy();
    },
  );
  /** The engine refused this place (switched off, or access taken back in the browser's settings). */
  private surfaceRefused = false;
  private readonly badge = new PlayerBadge();
  private readonly timeline = new TimelinePublisher();
  private readonly tracker = new VideoTracker(
    {
      rescan: () => this.guard(() => this.scan()),
      videoEvent: (type) => this.guard(() => this.handleVideoEvent(type)),
      adChanged: (showing) => this.guard(() => this.handleAd(showing)),
    },
    this.lifetime.signal,
  );
  private video: HTMLVideoElement | undefined;
  private videoId = '';
  private streaming = false;
  private stopped = false;
  /** The engine reported an error: stop streaming until the page reloads (no retry storm). */
  private engineFailed = false;
  private prefs: Preferences = DEFAULT_PREFERENCES;
  /** Which YouTube surface this frame is, and whether the user lets Genre Lens listen there. */
  private readonly surface = surfaceOf(location.href, window !== window.top);

  start(): void {
    const { signal } = this.lifetime;
    // A user gesture lets a suspended AudioContext start (autoplay policies); the page's own events do not count.
    const onGesture = (event: Event) => {
      if (event.isTrusted) this.guard(() => this.startIfPlaying());
    };
    window.addEventListener('pointerdown', onGesture, { capture: true, signal });
    window.addEventListener('keydown', onGesture, { capture: true, signal });
    const onExtensionMessage = (message: unknown, sender: Runtime.MessageSender) => {
      if (sender.id !== browser.runtime.id) return undefined;
      const request = message as ContentRequest;
      this.guard(() => (request?.type === 'access/added' ? this.accessAdded() : this.timeline.handle(request)));
      return undefined;
    };
    browser.runtime.onMessage.addListener(onExtensionMessage);
    const unwatch = watchPreferences((prefs) => this.guard(() => this.applyPreferences(prefs)));
    signal.addEventListener('abort', () => {
      try {
        browser.runtime.onMessage.removeListener(onExtensionMessage);
        unwatch();
      } catch {
        // the extension context is already gone
      }
    });
    this.scan();
  }

  private get enabled(): boolean {
    return !this.surfaceRefused && (this.surface === 'watch' || this.prefs.surfaces[this.surface]);
  }

  private onSurfaceRefused(): void {
    this.surfaceRefused = true;
    this.scan();
  }

  /** Access given back (in the browser's settings or the options): a refused place asks the engine again, no reload. */
  private accessAdded(): void {
    if (!this.surfaceRefused) return;
    this.surfaceRefused = false;
    this.link.allowAgain();
    this.scan();
  }

  private applyPreferences(prefs: Preferences): void {
    const windowChanged = prefs.windowSeconds !== this.prefs.windowSeconds;
    const wasEnabled = this.enabled;
    if (this.surfaceRefused && JSON.stringify(prefs.surfaces) !== JSON.stringify(this.prefs.surfaces)) {
      // The places changed: ask the engine again.
      this.surfaceRefused = false;
      this.link.allowAgain();
    }
    this.prefs = prefs;
    if (this.enabled !== wasEnabled) this.scan();
    this.badge.setPreferences(prefs);
    // A new window length restarts the analysis with it.
    if (windowChanged && this.streaming) {
      this.startStream(prefs.windowSeconds);
      this.badge.listening();
    }
  }

  /** Goes quiet for good (the extension was reloaded or removed). */
  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.lifetime.abort();
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

  private scan(): void {
    const { video, player, videoId } = this.enabled ? this.tracker.find() : { video: undefined, player: undefined, videoId: '' };
    this.tracker.bind(video, player);
    if (video !== this.video) {
      if (this.video) {
        this.tap.untap();
        this.streaming = false;
      }
      this.video = video;
    }
    this.timeline.follow(video, videoId);
    if (videoId !== this.videoId) {
      this.videoId = videoId;
      this.resetStream(videoId);
      this.badge.listening();
    }
    if (player && video) {
      this.link.warm();
      const anchor = surfaceRecord(this.surface).badgeAnchor;
      this.badge.mount((anchor && document.querySelector(anchor)) || player, this.surface);
      this.badge.setAudioContextState(this.tap.contextState);
      this.tracker.checkAd();
      if (!video.paused && !video.ended) void this.startIfPlaying();
    } else {
      this.badge.unmount();
      this.tap.untap();
      this.streaming = false;
      // No video to listen to (it left, or the place was switched off): the engine forgets what this frame showed.
      this.link.stop();
    }
  }

  private async handleVideoEvent(type: VideoEvent): Promise<void> {
    switch (type) {
      case 'playing':
        await this.startIfPlaying();
        break;
      case 'pause':
      case 'ended':
        this.streaming = false;
        this.link.pause();
        this.badge.paused();
        this.timeline.publish(true);
        // Taken out of the page with its player (no navigation follows): look again, so a page with no video stops showing the old genre.
        if (this.video && !this.video.isConnected) this.scan();
        break;
      case 'loadstart':
        // A new stream (the tracker looks again for a new id, which restarts window and timeline).
        this.timeline.newStream();
        break;
      case 'seeking':
      case 'emptied':
        // New audio follows: the rolling window starts over.
        this.resetStream(this.videoId);
        if (this.video && !this.video.paused) this.badge.listening();
        break;
    }
  }

  private handleAd(showing: boolean): void {
    this.timeline.adChanged(showing);
    this.badge.setAdShowing(showing);
    // Neither the ad nor the audio around it may leak into the video's guess.
    this.resetStream(this.videoId);
    if (!showing) this.badge.listening();
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
    if (!this.tracker.adShowing) this.badge.listening();
  }

  /** The engine starts a new window; the worklet starts a new chunk schedule with it (see captureWorklet.ts). */
  private startStream(windowSeconds: number): void {
    this.tap.restartChunks();
    this.link.start(this.videoId, windowSeconds);
  }

  private resetStream(videoId: string): void {
    this.tap.restartChunks();
    this.link.reset(videoId);
  }

  private onSamples(message: WorkletMessage): void {
    if (this.stopped || this.engineFailed || !this.streaming || this.tracker.adShowing || !this.video || this.video.paused) return;
    if (!extensionAlive()) {
      this.stop();
      return;
    }
    // Not `instanceof Float32Array`: in Firefox the worklet's arrays come from the page's compartment.
    if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'silence') this.link.silence();
    else this.link.send(message as PackedSamples);
  }

  private onReport(report: GenreReport): void {
    if (report.state === 'error') {
      if (!this.engineFailed) log.warn('engine error:', report.message);
      this.engineFailed = true;
      this.badge.show(report);
      return;
    }
    if (report.videoId !== undefined && report.videoId !== this.videoId) return;
    if (this.tracker.adShowing || !this.streaming) return;
    this.badge.show(report);
    if (report.state === 'ready' && report.genre) {
      const shown = report.outside ? outsideGenre(report.outside) : report.genre;
      this.timeline.add(shown, Math.min(report.secondsHeard, this.prefs.windowSeconds));
    }
  }

  /** Counters for leak checks in tests. */
  debugStats() {
    return {
      audioSources: this.tap.sourceCount,
      contextState: this.tap.contextState,
      portsOpened: this.link.portsOpened,
      chunksSent: this.link.chunksSent,
      controlsSent: this.link.controlsSent,
      timelinesSent: this.timeline.sent,
      inAd: this.tracker.adShowing,
      stopped: this.stopped,
      connected: this.link.connected,
      streaming: this.streaming,
      tapKind: this.tap.tapKind,
      videoId: this.videoId,
    };
  }
}

if (claimSingleRun('content', extensionAlive)) {
  const page = new GenreLensPage();
  page.start();
  // Exposed to the content script's isolated world only (not the page), in debug builds, for tests.
  if (DEBUG) (globalThis as { genreLensDebug?: () => unknown }).genreLensDebug = () => page.debugStats();
}
