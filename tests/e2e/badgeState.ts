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
    text: root.shadowRoot?.querySelector('.chip')?.textContent ?? '',
    hidden: root.hidden,
    notice: d.notice,
  };
}
