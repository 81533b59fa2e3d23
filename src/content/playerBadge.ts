/**
 * The chip over the player: "Rock · 87%". Its root element #genre-lens-badge
 * carries data-state, data-genre and data-confidence — the extension's test
 * contract. Content lives in a shadow root so YouTube's CSS cannot touch it.
 */
import { genreStyle } from '../shared/genreStyle.ts';
import type { GenreReport, TabState } from '../shared/protocol.ts';

export const BADGE_ID = 'genre-lens-badge';

const CSS = `
:host { all: initial; position: absolute; top: 12px; left: 12px; z-index: 61; pointer-events: none;
  font: 600 13px/1.2 Roboto, Arial, sans-serif; }
.chip { display: inline-flex; align-items: center; gap: 6px; padding: 5px 10px 5px 8px; border-radius: 14px;
  background: rgba(15, 15, 15, 0.78); color: #fff; box-shadow: 0 1px 4px rgba(0,0,0,0.4);
  border-left: 4px solid var(--genre, #888); white-space: nowrap; }
.announce { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: var(--genre, #888); }
:host([data-state="listening"]) .dot { animation: pulse 1.2s ease-in-out infinite; }
:host([data-state="paused"]) .chip { opacity: 0.7; }
:host([data-state="error"]) .chip { border-left-color: #ff5252; }
@keyframes pulse { 50% { opacity: 0.25; } }
@media (prefers-reduced-motion: reduce) { :host([data-state="listening"]) .dot { animation: none; } }
`;

export class PlayerBadge {
  private root: HTMLElement | undefined;
  private label: HTMLElement | undefined;
  /** A polite live region that only changes when the genre (or state) changes. */
  private announcer: HTMLElement | undefined;
  private last: { state: TabState; genre?: string; confidence: number; message?: string; seconds?: number } = {
    state: 'listening',
    confidence: 0,
  };
  private audioContextState = 'none';

  /** Puts the badge on `player` (moving it if the player changed). */
  mount(player: Element): void {
    if (!this.root) {
      const root = document.createElement('div');
      root.id = BADGE_ID;
      root.setAttribute('role', 'status');
      root.setAttribute('aria-live', 'off');
      const shadow = root.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = CSS;
      const chip = document.createElement('div');
      chip.className = 'chip';
      const dot = document.createElement('span');
      dot.className = 'dot';
      this.label = document.createElement('span');
      this.announcer = document.createElement('span');
      this.announcer.className = 'announce';
      this.announcer.setAttribute('aria-live', 'polite');
      chip.append(dot, this.label);
      shadow.append(style, chip, this.announcer);
      this.root = root;
      this.render();
    }
    if (this.root.parentElement !== player) player.append(this.root);
  }

  unmount(): void {
    this.root?.remove();
    this.root = undefined;
  }

  private adShowing = false;
  private userHidden = false;

  /** Hidden during ads. */
  setAdShowing(ad: boolean): void {
    this.adShowing = ad;
    this.render();
  }

  /** Hidden by the user (keyboard shortcut or options). */
  setUserHidden(hidden: boolean): void {
    this.userHidden = hidden;
    this.render();
  }

  listening(): void {
    this.last = { state: 'listening', confidence: 0 };
    this.render();
  }

  paused(): void {
    this.last = { ...this.last, state: 'paused' };
    this.render();
  }

  show(report: GenreReport): void {
    this.last = {
      state: report.state,
      genre: report.genre,
      confidence: report.confidence,
      message: report.message,
      seconds: report.secondsHeard,
    };
    this.render();
  }

  /** Diagnostics on the root element: the tapping AudioContext's state. */
  setAudioContextState(state: string): void {
    this.audioContextState = state;
    this.render();
  }

  private render(): void {
    const { root, label } = this;
    if (!root || !label) return;
    const { state, genre, confidence, message } = this.last;
    root.hidden = this.adShowing || this.userHidden;
    root.dataset.state = state;
    root.dataset.confidence = confidence.toFixed(3);
    root.dataset.seconds = (this.last.seconds ?? 0).toFixed(1);
    root.dataset.audioContext = this.audioContextState;
    if (genre) root.dataset.genre = genre;
    else delete root.dataset.genre;
    root.style.setProperty('--genre', genreStyle(genre).color);
    const percent = `${Math.round(confidence * 100)}%`;
    const text =
      state === 'ready' && genre
        ? `${genre} · ${percent}`
        : state === 'paused'
          ? genre
            ? `Paused · ${genre} ${percent}`
            : 'Paused'
          : state === 'error'
            ? 'Genre Lens: engine error'
            : 'Listening…';
    if (label.textContent !== text) label.textContent = text;
    const announcement = state === 'ready' && genre ? `Genre: ${genre}` : state === 'error' ? 'Genre Lens: engine error' : '';
    if (this.announcer && announcement && this.announcer.textContent !== announcement) this.announcer.textContent = announcement;
    root.title = message ?? `Genre Lens: ${text}`;
    root.setAttribute('aria-label', `Genre Lens: ${text}`);
  }
}
