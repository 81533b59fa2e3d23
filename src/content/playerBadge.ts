/**
 * The chip over the player: "Rock · 87%" (drawn by CSS from an attribute, so the page's
 * window.find cannot find it and learn the user's options). Its root element #genre-lens-badge carries only
 * data-state, data-genre and data-confidence (the public contract) and `hidden`; everything else
 * — text, accessible name, the user's corner and colours (they sync across devices, so the page
 * must not read them as an identifier), error text — lives in a closed shadow root, which also
 * keeps YouTube's CSS out. Debug builds open the shadow root and add data-seconds,
 * data-audio-context and data-notice for the browser tests.
 */
import { DEBUG } from '../shared/debug.ts';
import { t } from '../shared/i18n.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '../shared/preferences.ts';
import { type Presentable, present } from '../shared/presentation.ts';
import type { GenreReport } from '../shared/protocol.ts';

export const BADGE_ID = 'genre-lens-badge';

// The host covers the player without taking pointer events; the chip sits in a corner inside it.
const CSS = `
:host { all: initial; position: absolute; inset: 0; z-index: 61; pointer-events: none; }
/* Layout containment: the chip's size and corner cannot leak into the player's scroll size (its overflow is only painted). */
:host { contain: layout style; }
:host([hidden]) { display: none; }
.chip { position: absolute; top: 12px; left: 12px; font: 600 13px/1.2 Roboto, Arial, sans-serif;
  display: inline-flex; align-items: center; gap: 6px; padding: 5px 10px 5px 8px; border-radius: 14px;
  background: rgba(15, 15, 15, 0.78); color: #fff; box-shadow: 0 1px 4px rgba(0,0,0,0.4);
  border-left: 4px solid var(--genre, #888); white-space: nowrap; }
.chip[data-position="top-right"] { left: auto; right: 12px; }
/* Bottom corners sit above YouTube's progress bar and controls. */
.chip[data-position="bottom-left"] { top: auto; bottom: 64px; }
.chip[data-position="bottom-right"] { top: auto; bottom: 64px; left: auto; right: 12px; }
/* YouTube Music: on its player bar (always visible, the video often is not), just above it. */
.chip[data-surface="music"] { top: auto; bottom: calc(100% + 8px); left: 12px; right: auto; }
.announce { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
/* Texts are drawn from attributes, not text nodes: the page's window.find() cannot find them (screen readers read generated content). */
.label::before, .announce::before { content: attr(data-text); }
.dot { width: 8px; height: 8px; border-radius: 50%; background: var(--genre, #888); }
.chip[data-state="listening"] .dot { animation: pulse 1.2s ease-in-out infinite; }
.chip[data-state="paused"] { opacity: 0.7; }
.chip[data-state="error"] { border-left-color: #ff5252; }
@keyframes pulse { 50% { opacity: 0.25; } }
@media (prefers-reduced-motion: reduce) { .chip[data-state="listening"] .dot { animation: none; } }
`;

export class PlayerBadge {
  private root: HTMLElement | undefined;
  /** Inside the shadow root: what the user sees (and screen readers read). */
  private chip: HTMLElement | undefined;
  private label: HTMLElement | undefined;
  /** A polite live region that only changes when the genre (or state) changes. */
  private announcer: HTMLElement | undefined;
  private prefs: Preferences = DEFAULT_PREFERENCES;
  /** The last report (or the content script's own state), drawn through `present`. */
  private last: Presentable & { secondsHeard?: number } = { state: 'listening', confidence: 0 };
  private audioContextState = 'none';
  /** Which YouTube surface the player is on (YouTube Music puts the chip above its player bar). */
  private surface = 'watch';

  /** Puts the badge on `player` (moving it if the player changed). */
  mount(player: Element, surface = 'watch'): void {
    if (!this.root) {
      const root = document.createElement('div');
      root.id = BADGE_ID;
      const shadow = root.attachShadow({ mode: DEBUG ? 'open' : 'closed' });
      const style = document.createElement('style');
      style.textContent = CSS;
      const chip = document.createElement('div');
      chip.className = 'chip';
      chip.setAttribute('role', 'status');
      chip.setAttribute('aria-live', 'off');
      const dot = document.createElement('span');
      dot.className = 'dot';
      this.label = document.createElement('span');
      this.label.className = 'label';
      this.announcer = document.createElement('span');
      this.announcer.className = 'announce';
      this.announcer.setAttribute('aria-live', 'polite');
      chip.append(dot, this.label);
      shadow.append(style, chip, this.announcer);
      this.root = root;
      this.chip = chip;
    }
    if (this.root.parentElement !== player) player.append(this.root);
    this.surface = surface;
    this.render();
  }

  unmount(): void {
    this.root?.remove();
    this.root = undefined;
    this.chip = undefined;
  }

  private adShowing = false;
  private userHidden = false;

  /** Hidden during ads. */
  setAdShowing(ad: boolean): void {
    this.adShowing = ad;
    this.render();
  }

  /** Visibility, corner, top-3 and colours from the user's options. */
  setPreferences(prefs: Preferences): void {
    this.prefs = prefs;
    this.userHidden = !prefs.badgeVisible;
    this.render();
  }

  listening(): void {
    this.last = { state: 'listening', confidence: 0 };
    this.render();
  }

  /** No way to hear this video (see AudioTap.tap): say so rather than listen forever. */
  unavailable(): void {
    this.last = { state: 'error', confidence: 0, notice: 'no-tap' };
    this.render();
  }

  /** The engine has no room for this player (every slot is heard): say so rather than "Listening…". */
  busy(): void {
    this.last = { state: 'listening', confidence: 0, notice: 'busy' };
    this.render();
  }

  paused(): void {
    this.last = { ...this.last, state: 'paused' };
    this.render();
  }

  show(report: GenreReport): void {
    const { state, genre, confidence, unsure, notice, outside, genres, probabilities, message, secondsHeard } = report;
    this.last = { state, genre, confidence, unsure, notice, outside, genres, probabilities, message, secondsHeard };
    this.render();
  }

  /** Diagnostics on the root element: the tapping AudioContext's state. */
  setAudioContextState(state: string): void {
    this.audioContextState = state;
    this.render();
  }

  /** What the last render drew, so reports and scans that change nothing touch no DOM. */
  private rendered = '';

  private render(): void {
    const { root, chip, label } = this;
    if (!root || !chip || !label) return;
    const key = JSON.stringify([this.last, this.adShowing, this.userHidden, this.audioContextState, this.prefs, this.surface]);
    if (key === this.rendered && root.isConnected) return;
    this.rendered = key;
    const { state, confidence, notice } = this.last;
    const shown = present(this.last, t, this.prefs);
    if (root.hidden !== (this.adShowing || this.userHidden)) root.hidden = this.adShowing || this.userHidden;
    setData(root, 'state', state);
    setData(root, 'confidence', confidence.toFixed(3));
    setData(root, 'genre', shown.genre);
    if (DEBUG) {
      const debugNotice = shown.answer === 'outside' || shown.answer === 'unsure' ? shown.answer : notice;
      setData(root, 'seconds', (this.last.secondsHeard ?? 0).toFixed(1));
      setData(root, 'audioContext', this.audioContextState);
      setData(root, 'notice', debugNotice && state !== 'paused' ? debugNotice : undefined);
    }
    setData(chip, 'state', state);
    setData(chip, 'position', this.prefs.badgePosition);
    setData(chip, 'surface', this.surface);
    if (chip.style.getPropertyValue('--genre') !== shown.color) chip.style.setProperty('--genre', shown.color);
    setData(label, 'text', shown.label);
    if (this.announcer && shown.announcement) setData(this.announcer, 'text', shown.announcement);
    // No tooltip: the badge takes no pointer events; the popup says what went wrong.
    const ariaLabel = state === 'error' && notice === 'no-tap' ? t('badgeNoTap') : t('badgeLabel', shown.label);
    if (chip.getAttribute('aria-label') !== ariaLabel) chip.setAttribute('aria-label', ariaLabel);
  }
}

/** Writes a data attribute only when it changes (every write is a mutation the page may observe). */
function setData(root: HTMLElement, name: string, value: string | undefined): void {
  if (root.dataset[name] === value) return;
  if (value === undefined) delete root.dataset[name];
  else root.dataset[name] = value;
}
