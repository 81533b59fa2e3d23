/**
 * Every message between the extension's contexts, as discriminated unions.
 * content script ⇄ offscreen engine: a runtime port named AUDIO_PORT (one per frame that plays a video).
 * content script / offscreen / popup → service worker: runtime.sendMessage.
 */

import type { TimelineSection } from '../core/timeline.ts';
import { base64ToBytes, bytesToBase64 } from './base64.ts';
import type { SurfacesOn } from './youtube.ts';

export const AUDIO_PORT = 'genre-lens-audio';

/** The offscreen document hosting the engine in Chrome: the only sender of engine reports there. */
export const OFFSCREEN_PAGE = 'offscreen.html';

/** The add-on's id in Firefox (browser_specific_settings.gecko.id). */
export const FIREFOX_ID = 'genre-lens@genre-lens.app';

/** What the user sees: listening (audio coming, no guess yet), ready (a guess), paused, error. */
export const TAB_STATES = ['listening', 'ready', 'paused', 'error'] as const;
export type TabState = (typeof TAB_STATES)[number];

/**
 * Why there is no (new) guess: 'quiet' audio (a muted or silent player included), audio that does
 * not sound like music, or 'busy': every engine slot is held by players that are heard.
 */
export const REPORT_NOTICES = ['quiet', 'not-music', 'busy'] as const;
export type ReportNotice = (typeof REPORT_NOTICES)[number];

export interface GenreReport {
  tabId: number;
  /** The frame whose player this is (0: the tab's page; embeds are frames). */
  frameId?: number;
  state: TabState;
  /** The top genre when state is 'ready'. */
  genre?: string;
  genres: string[];
  /** Smoothed probabilities, one per genre (empty before the first guess). */
  probabilities: number[];
  /** Probability of the top genre, 0..1. */
  confidence: number;
  secondsHeard: number;
  /** What went wrong, for the user, when state is 'error'. */
  message?: string;
  notice?: ReportNotice;
  /** A guess whose confidence is too low to state plainly. */
  unsure?: boolean;
  /**
   * The music is none of the five (shown instead of `genre`, which stays the five's top genre for
   * the bars): with the outside genre named when one is clear enough.
   */
  outside?: { genre?: string };
  videoId?: string;
  /** Engine CPU time per second of audio analysed, in ms, since the tab's pipeline started (diagnostics). */
  cpuMsPerAudioSecond?: number;
  /** The totals behind it (ms of CPU, seconds of audio), for measuring a span (diagnostics). */
  cpuMs?: number;
  audioSeconds?: number;
  /** Of that CPU time, what the network took, and over how many patches (diagnostics). */
  networkMs?: number;
  patches?: number;
  updatedAt: number;
}

/**
 * Audio chunks (one a second) waiting to be analysed, at most — in the engine, and in the content
 * script while its port opens: a page that makes its video post faster than real time gets the
 * rest dropped, not queued without end. Real time never comes near it (a chunk takes ~15 ms).
 */
export const MAX_PENDING_CHUNKS = 8;

/** A chunk of the capture worklet (after a restart's first, one patch long), and what one audio/silence message stands for. */
export const CHUNK_SECONDS = 1;

/** With no audio from any player for this long, the engine asks to be closed (Chrome: its document and its memory go). */
export const ENGINE_IDLE_CLOSE_MS = 60_000;

/** Content script → offscreen engine, over the audio port. */
export type AudioPortRequest =
  /**
   * Chunks that follow are mono at the analysis rate (FEATURE_SPEC.sampleRate), made on the
   * audio thread by AnalysisInput from the page's audio, whatever its rate (leading silence trimmed).
   */
  | { type: 'audio/start'; videoId: string; windowSeconds: number }
  | { type: 'audio/chunk'; samples: PackedSamples }
  /**
   * A chunk's worth of digital silence (a muted, zero-volume or silent player), sent instead of
   * its samples: nothing to analyse, and the frame holds no slot while it lasts.
   */
  | { type: 'audio/silence' }
  | { type: 'audio/pause' }
  | { type: 'audio/reset'; videoId: string }
  /** The frame has no video to listen to (none, or its surface is switched off): what it showed is forgotten. */
  | { type: 'audio/stop' };

/** Page-world script ⇄ content script (window.postMessage, tagged; validated by the content script). */
export const PAGE_WORLD_TAG = 'genre-lens';
export type PageWorldMessage =
  | { tag: typeof PAGE_WORLD_TAG; type: 'video-ids'; ids: Record<string, string> }
  | { tag: typeof PAGE_WORLD_TAG; type: 'ask' };

/** Capture worklet → content script: a chunk, or word that a chunk's worth of audio was digital silence. */
export type WorkletMessage = PackedSamples | { type: 'silence' };

/** Content script → capture worklet (AudioWorkletNode.port); the worklet answers with WorkletMessage. */
export type WorkletRequest = { type: 'chunks/restart' };

/**
 * Why the engine closed a frame's port: 'busy' (no room: back off and try later), 'idle' (the
 * frame's slot went to one that plays: reconnect when playing again), 'surface-off' (the place
 * is switched off or not granted: stay quiet until the options change).
 */
export const ENGINE_REFUSALS = ['busy', 'idle', 'surface-off'] as const;
export type EngineRefusal = (typeof ENGINE_REFUSALS)[number];

/** Offscreen engine → content script, over the audio port. */
export type AudioPortResponse = { type: 'engine/report'; report: GenreReport } | { type: 'engine/refused'; reason: EngineRefusal };

/** Service worker → engine (Chrome's offscreen document). */
export type EngineRequest = { type: 'engine/surfaces-changed' };

/** Any context → service worker. */
export type BackgroundRequest =
  | { type: 'engine/ensure' }
  | { type: 'engine/report'; report: GenreReport }
  /** A frame stopped (audio/stop) or its audio port closed (tab closed, navigated, reloaded): forget what it showed. */
  | { type: 'engine/closed'; tabId: number; frameId: number }
  | { type: 'tab/timeline'; timeline: TabTimeline }
  /** The engine (Chrome's offscreen document, which has no storage or permissions API) asks which surfaces are on. */
  | { type: 'engine/surfaces' }
  /** The engine has had no audio from any player for ENGINE_IDLE_CLOSE_MS: Chrome's background closes its document. */
  | { type: 'engine/idle' }
  | { type: 'debug/engine' };

/** The genre over the current video's time, as the popup draws it. */
export interface TabTimeline {
  videoId: string;
  /** Video duration in seconds (0 when unknown). */
  duration: number;
  sections: TimelineSection[];
}

/**
 * Popup → content script (tabs.sendMessage): seek; service worker → content scripts: the
 * extension was given access to more sites (a place refused before may be allowed now).
 */
export type ContentRequest = { type: 'video/seek'; time: number } | { type: 'access/added' };

export type BackgroundResponse = { ok: true; surfaces?: SurfacesOn } | { ok: false; error: string };

export const storageKeyForTab = (tabId: number) => `tab:${tabId}`;
export const timelineKeyForTab = (tabId: number) => `timeline:${tabId}`;

/**
 * Mono audio as it crosses a runtime port. Chrome's ports carry JSON only, so
 * there the samples travel as base64 of their bytes; Firefox structured-clones
 * port messages, so a Float32Array arrives as one.
 */
export type PackedSamples = string | Float32Array;

export function packSamples(samples: Float32Array, target: 'chrome' | 'firefox'): PackedSamples {
  return target === 'firefox' ? samples : encodeSamples(samples);
}

export function unpackSamples(packed: PackedSamples): Float32Array {
  if (typeof packed === 'string') return decodeSamples(packed);
  if (packed instanceof Float32Array) return packed;
  throw new TypeError('audio chunk is neither base64 nor a Float32Array');
}

/** Float32 samples → base64 of their bytes. */
export function encodeSamples(samples: Float32Array): string {
  return bytesToBase64(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
}

export function decodeSamples(text: string): Float32Array {
  const bytes = base64ToBytes(text);
  return new Float32Array(bytes.buffer, 0, bytes.length >> 2);
}
