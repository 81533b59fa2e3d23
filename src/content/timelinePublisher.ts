/**
 * The genre over each video's own time, for the popup: one timeline per video (kept while the
 * tab lives), sections added from the engine's guesses, sent to the background when a section
 * begins (and otherwise at most every TIMELINE_REFRESH_MS) — never more than once per
 * TIMELINE_MIN_INTERVAL_MS, however often the page pauses or changes ids — and the popup's
 * click-to-seek.
 * Times are the video's own: ads stitched into its stream are measured and left out.
 */
import { GenreTimeline } from '../core/timeline.ts';
import type { ContentRequest } from '../shared/protocol.ts';
import { sendToBackground } from './engineLink.ts';
import { StitchedAdClock } from './stitchedAdClock.ts';
import { Throttle } from '../shared/throttle.ts';

const TIMELINE_REFRESH_MS = 5000;
/** A timeline due sooner than this after the last one waits, and goes then with what it is by then. */
const TIMELINE_MIN_INTERVAL_MS = 1000;
/** Timelines kept per tab (one per video watched in it). */
const MAX_TIMELINES = 20;

export class TimelinePublisher {
  private readonly timelines = new Map<string, GenreTimeline>();
  /** Stitched ads in the current video's stream: timeline times are the video's own. */
  private readonly adClock = new StitchedAdClock();
  private videoId = '';
  private video: HTMLVideoElement | undefined;
  private publishedAt = 0;
  private publishedSections = -1;
  /** Timelines sent to the background (diagnostics). */
  sent = 0;
  /** A timeline due sooner than TIMELINE_MIN_INTERVAL_MS after the last one goes then, with what it is by then. */
  private readonly throttle = new Throttle(TIMELINE_MIN_INTERVAL_MS, () => this.send());

  /** The video now watched (its element and id); a new id starts (or resumes) its own timeline. */
  follow(video: HTMLVideoElement | undefined, videoId: string): void {
    // Ad spans belong to one stream of one element.
    if (video !== this.video || videoId !== this.videoId) this.adClock.reset();
    this.video = video;
    if (videoId === this.videoId) return;
    this.videoId = videoId;
    if (video) this.publish(true);
  }

  /** A new stream on the same element (loadstart): ad spans measured in the previous one no longer apply. */
  newStream(): void {
    this.adClock.reset();
  }

  /** A guess of `genre` over the last `seconds` of audio, heard up to the video's current time. */
  add(genre: string, seconds: number): void {
    if (!this.video) return;
    this.current().add(this.adClock.toVideoTime(this.video.currentTime), seconds, genre);
    this.publish();
  }

  /** The ad state of the player changed: an ad inside the stream takes element time, not video time. */
  adChanged(showing: boolean): void {
    if (!this.video) return;
    if (showing) this.adClock.adStarted(this.video.currentTime, this.video.currentSrc);
    else this.adClock.adEnded(this.video.currentTime, this.video.currentSrc);
  }

  /** The popup's click on a section: play the video from there. */
  handle(request: ContentRequest): void {
    if (request.type === 'video/seek' && this.video && Number.isFinite(request.time)) {
      this.video.currentTime = this.adClock.toElementTime(Math.max(0, request.time));
      if (this.video.paused) void this.video.play().catch(() => undefined);
    }
  }

  /** Sends the timeline when a section began, or when forced, or at most every TIMELINE_REFRESH_MS (the last section only grows meanwhile). */
  publish(force = false): void {
    const sections = this.current().all;
    if (!force && sections.length === this.publishedSections && Date.now() - this.publishedAt < TIMELINE_REFRESH_MS) return;
    this.throttle.request();
  }

  private send(): void {
    const sections = this.current().all;
    this.publishedAt = Date.now();
    this.publishedSections = sections.length;
    const video = this.video;
    const duration = video && Number.isFinite(video.duration) ? Math.max(0, video.duration - this.adClock.adSeconds) : 0;
    this.sent++;
    void sendToBackground({ type: 'tab/timeline', timeline: { videoId: this.videoId, duration, sections: [...sections] } });
  }

  private current(): GenreTimeline {
    let timeline = this.timelines.get(this.videoId);
    if (!timeline) {
      timeline = new GenreTimeline();
      this.timelines.set(this.videoId, timeline);
      // Keep the most recent videos only (a Map iterates in insertion order).
      while (this.timelines.size > MAX_TIMELINES) this.timelines.delete(this.timelines.keys().next().value!);
    }
    return timeline;
  }
}
