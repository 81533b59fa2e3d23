/**
 * The genre over a video's time: guesses placed at video times, merged into
 * sections of one genre. A guess covers the window of audio before it, so it
 * is placed at the window's centre.
 */
export interface TimelineSection {
  genre: string;
  /** Video time in seconds. */
  start: number;
  end: number;
}

/** Guesses further apart than this (a seek, a pause) leave a gap rather than one long section. */
const MAX_GAP_SECONDS = 4;
/** Sections kept per video: the oldest go first (a very long video, many seeks). */
export const MAX_SECTIONS = 500;

export class GenreTimeline {
  private readonly sections: TimelineSection[] = [];

  /** Records the genre guessed for the audio that ended at `videoTime`, from a window of `windowSeconds`. */
  add(videoTime: number, windowSeconds: number, genre: string): void {
    if (!Number.isFinite(videoTime) || !Number.isFinite(windowSeconds)) return;
    const centre = Math.max(0, videoTime - windowSeconds / 2);
    const last = this.sections.at(-1);
    if (last && last.genre === genre && centre >= last.start && centre - last.end <= MAX_GAP_SECONDS) {
      last.end = Math.max(last.end, centre + 0.5);
      return;
    }
    if (last && centre >= last.start && centre - last.end <= MAX_GAP_SECONDS) last.end = Math.max(last.start, centre);
    this.sections.push({ genre, start: centre, end: centre + 0.5 });
    if (this.sections.length > MAX_SECTIONS) this.sections.shift();
  }

  get all(): readonly TimelineSection[] {
    return this.sections;
  }
}
