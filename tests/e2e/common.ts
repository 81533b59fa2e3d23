/**
 * What the Chromium and the Firefox harnesses share: the player badge's public contract and how
 * to wait for it, what the popup says, and where screenshots go.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The player badge's public contract, as both browsers' tests read it (a function run in the page). */
export interface BadgeState {
  state?: string;
  genre?: string;
  confidence?: number;
  seconds?: number;
  audioContext?: string;
  text?: string;
  hidden?: boolean;
  notice?: string;
}

/** Runs in the page: #genre-lens-badge's data attributes and text, or undefined without a badge. */
export function readBadge(): BadgeState | undefined {
  const root = document.querySelector<HTMLElement>('#genre-lens-badge');
  if (!root) return undefined;
  const d = root.dataset;
  return {
    state: d.state,
    genre: d.genre,
    confidence: d.confidence === undefined ? undefined : Number(d.confidence),
    seconds: d.seconds === undefined ? undefined : Number(d.seconds),
    audioContext: d.audioContext,
    text: root.shadowRoot?.querySelector<HTMLElement>('.label')?.dataset.text ?? '',
    hidden: root.hidden,
    notice: d.notice,
  };
}

/** Polls the badge until `accept` holds; fails with the last state seen. */
export function pollBadge(read: () => Promise<BadgeState | undefined>, accept: (b: BadgeState) => boolean, timeoutMs: number): Promise<BadgeState> {
  return pollUntil(read, (b) => b !== undefined && accept(b), 'badge did not reach the expected state', timeoutMs, 200) as Promise<BadgeState>;
}

/** Polls `read` until `accept` holds (a state, never a sleep); fails with `what` and the last value seen. */
export async function pollUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 5000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  } while (Date.now() < deadline);
  throw new Error(`${what}: not reached in ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
}

/** The popup elements that say what it shows: the genre, or a notice with no video. */
export const POPUP_SAYS = '#genre, [data-status="no-youtube"], [data-status="no-video"]';

/** Runs in the popup, on the element POPUP_SAYS found: the genre it shows, or "status:<its status>". */
export function popupSaysOf(element: Element): string {
  return (element.id === 'genre' ? element.textContent : `status:${(element as HTMLElement).dataset.status}`)?.trim() ?? '';
}

/**
 * Where the browser tests put their screenshots: a temporary folder, so `npm test` leaves the work
 * tree as it found it; `npm run screenshots` sets GENRE_LENS_SCREENSHOTS=docs/screenshots to refresh
 * the README's pictures.
 */
const SCREENSHOTS = process.env.GENRE_LENS_SCREENSHOTS || path.join(tmpdir(), 'genre-lens-screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** The file a screenshot named `name` (e.g. "badge.png") is written to. */
export const screenshotPath = (name: string) => path.join(SCREENSHOTS, name);

/**
 * A window long enough for the genre to be judged (the first guess comes after one patch and may
 * still change): browser tests assert a genre only on a badge that has heard this much.
 */
export const SETTLED_SECONDS = 6;
export const settled = (b: BadgeState) => b.state === 'ready' && (b.seconds ?? 0) >= SETTLED_SECONDS;

/** Something to run a function in: a Chromium page or frame, or a Firefox page. */
interface Evaluates {
  evaluate(fn: () => number): Promise<number>;
}

/**
 * Waits until the video in `target` has played `seconds` more of its own time: a span measured on
 * the video's clock (which a loaded machine slows with everything else), not a sleep.
 */
export async function playFor(target: Evaluates, seconds: number, timeoutMs = seconds * 1000 + 20000): Promise<void> {
  const currentTime = () => target.evaluate(() => document.querySelector('video')?.currentTime ?? 0);
  const start = await currentTime();
  await pollUntil(currentTime, (time) => time >= start + seconds, `the video playing ${seconds} s on`, timeoutMs, 100);
}
