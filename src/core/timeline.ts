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

  /**
   * Records the genre guessed for the audio that ended at `videoTime`, from a window of `windowSeconds`.
   * The time is when the guess arrived: on a loaded machine the engine falls behind and several
   * guesses arrive together, each from a longer window, so their centres step backwards. A guess
   * of the same genre near the last section (within MAX_GAP_SECONDS either side) belongs to it —
   * before, such a late guess started a second section of the same genre.
   */
  add(videoTime: number, windowSeconds: number, genre: string): void {
    if (!Number.isFinite(videoTime) || !Number.isFinite(windowSeconds)) return;
    const centre = Math.max(0, videoTime - windowSeconds / 2);
    const last = this.sections.at(-1);
    const near = last !== undefined && centre >= last.start - MAX_GAP_SECONDS && centre - last.end <= MAX_GAP_SECONDS;
    if (last && near && last.genre === genre) {
      last.start = Math.min(last.start, centre);
      last.end = Math.max(last.end, centre + 0.5);
      return;
    }
    // A new genre starts where the guess falls, never inside the section before it.
    const start = last && near ? Math.max(centre, last.start) : centre;
    if (last && near) last.end = Math.max(last.start, start);
    this.sections.push({ genre, start, end: start + 0.5 });
    if (this.sections.length > MAX_SECTIONS) this.sections.shift();
  }

  get all(): readonly TimelineSection[] {
    return this.sections;
  }
}
