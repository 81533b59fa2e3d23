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

export class StitchedAdClock {
  private spans: AdSpan[] = [];
  private open: { start: number; source: string } | undefined;

  adStarted(elementTime: number, source: string): void {
    this.open = Number.isFinite(elementTime) ? { start: elementTime, source } : undefined;
  }

  adEnded(elementTime: number, source: string): void {
    const open = this.open;
    this.open = undefined;
    if (!open || open.source !== source || !(elementTime > open.start)) return;
    this.spans.push({ start: open.start, seconds: elementTime - open.start });
    this.spans.sort((a, b) => a.start - b.start);
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
    return time;
  }

  /** The element time to seek to for a video time (just after any ad at that point). */
  toElementTime(videoTime: number): number {
    let time = videoTime;
    for (const s of this.spans) if (time >= s.start) time += s.seconds;
    return time;
  }
}
