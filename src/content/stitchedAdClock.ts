/**
 * Server-stitched ads play inside the video's own stream: the element's currentTime and
 * duration include them, so after such an ad, element time runs ahead of the video's own time
 * by the ad's length. When an ad (the player's ad-showing state) starts and ends on the same
 * source without a new load, its span of element time is recorded; timeline times are then
 * the video's own, and seeks map back. Ads that swap the element's source load a new one and
 * are not counted (element time is the video's own again after them).
 */
interface AdSpan {
  /** Element time at which the ad started. */
  start: number;
  seconds: number;
}

/**
 * Spans kept per stream: a real video has a handful of ads; a page toggling the player's class
 * by script could add thousands. Past the cap, further ads are not measured (their element time
 * then counts as the video's).
 */
export const MAX_AD_SPANS = 64;

export class StitchedAdClock {
  private spans: AdSpan[] = [];
  private open: { start: number; source: string } | undefined;

  adStarted(elementTime: number, source: string): void {
    this.open = Number.isFinite(elementTime) ? { start: elementTime, source } : undefined;
  }

  adEnded(elementTime: number, source: string): void {
    const open = this.open;
    this.open = undefined;
    if (!open || open.source !== source || !(elementTime > open.start) || !Number.isFinite(elementTime)) return;
    this.add(open.start, elementTime);
  }

  /** Adds the span [start, end) of element time, merged with any it overlaps or touches: spans never overlap, so no time is taken off twice. */
  private add(start: number, end: number): void {
    let from = start;
    let to = end;
    const kept: AdSpan[] = [];
    for (const s of this.spans) {
      if (s.start + s.seconds < from || s.start > to) kept.push(s);
      else {
        from = Math.min(from, s.start);
        to = Math.max(to, s.start + s.seconds);
      }
    }
    if (kept.length >= MAX_AD_SPANS) return;
    const at = kept.findIndex((s) => s.start > from);
    kept.splice(at < 0 ? kept.length : at, 0, { start: from, seconds: to - from });
    this.spans = kept;
  }

  /** A new source was loaded (or a new video began): earlier spans belong to another stream. */
  reset(): void {
    this.spans = [];
    this.open = undefined;
  }

  /** Seconds of stitched ads seen in this stream. */
  get adSeconds(): number {
    return this.spans.reduce((sum, s) => sum + s.seconds, 0);
  }

  /** The video's own time at an element time (inside an ad: where the video stopped). */
  toVideoTime(elementTime: number): number {
    let time = elementTime;
    for (const s of this.spans) {
      if (elementTime <= s.start) break;
      time -= Math.min(s.seconds, elementTime - s.start);
    }
    return Math.max(0, time);
  }

  /** The element time to seek to for a video time (just after any ad at that point). */
  toElementTime(videoTime: number): number {
    let time = videoTime;
    for (const s of this.spans) if (time >= s.start) time += s.seconds;
    return time;
  }
}
