/**
 * Shape and range checks for every message that crosses a context boundary.
 * Whatever fails is dropped (and logged once per kind by the caller), never
 * stored: a YouTube page, or a compromised content script, can send anything.
 */
import { DEBUG } from './debug.ts';
import { WINDOW_SECONDS_RANGE } from './preferences.ts';
import { MAX_SECTIONS } from '../core/timeline.ts';
import { type AudioPortRequest, type BackgroundRequest, type GenreReport, REPORT_NOTICES, TAB_STATES, type TabTimeline } from './protocol.ts';
import { isVideoId } from './youtube.ts';
import { OUTSIDE_GENRES } from '../core/genres.ts';

const OUTSIDE_NAMES = OUTSIDE_GENRES.map((g) => g.name);

/** One chunk is 1 s at 16 kHz (64 KB as Float32, ~85 KB as base64); allow up to 4 s. */
export const MAX_CHUNK_SAMPLES = 64000;
const MAX_TEXT = 300;
const MAX_GENRES = 16;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isOneOf = <T extends string>(v: unknown, list: readonly T[]): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
/** A YouTube video id or '' for "none". */
export const isVideoIdOrNone = (v: unknown): v is string => v === '' || isVideoId(v);

export function isAudioPortRequest(m: unknown): m is AudioPortRequest {
  if (!isObject(m)) return false;
  switch (m.type) {
    case 'audio/start':
      return (
        isVideoIdOrNone(m.videoId) &&
        isFiniteIn(m.windowSeconds, WINDOW_SECONDS_RANGE.min, WINDOW_SECONDS_RANGE.max)
      );
    case 'audio/chunk':
      return typeof m.samples === 'string'
        ? m.samples.length <= Math.ceil((MAX_CHUNK_SAMPLES * 4) / 3) + 4
        : // The buffer behind the view too: a short view over a huge buffer would be cloned whole.
          m.samples instanceof Float32Array && m.samples.length <= MAX_CHUNK_SAMPLES && m.samples.buffer.byteLength <= MAX_CHUNK_SAMPLES * 4;
    case 'audio/silence':
    case 'audio/pause':
    case 'audio/stop':
      return true;
    case 'audio/reset':
      return isVideoIdOrNone(m.videoId);
    default:
      return false;
  }
}

/** A report as the engine makes it: `genres` must be the model's. */
export function isGenreReport(m: unknown, genres?: readonly string[]): m is GenreReport {
  if (!isObject(m)) return false;
  if (!Number.isInteger(m.tabId) || (m.tabId as number) < 0) return false;
  if (m.frameId !== undefined && (!Number.isInteger(m.frameId) || (m.frameId as number) < 0)) return false;
  if (!isOneOf(m.state, TAB_STATES)) return false;
  if (!Array.isArray(m.genres) || m.genres.length > MAX_GENRES || !m.genres.every((g) => isText(g, 40))) return false;
  if (genres && (m.genres.length !== genres.length || m.genres.some((g, i) => g !== genres[i]))) return false;
  if (!Array.isArray(m.probabilities) || (m.probabilities.length !== 0 && m.probabilities.length !== m.genres.length)) return false;
  if (!m.probabilities.every((p) => isFiniteIn(p, 0, 1))) return false;
  if (m.genre !== undefined && !(m.genres as unknown[]).includes(m.genre)) return false;
  if (!isFiniteIn(m.confidence, 0, 1) || !isFiniteIn(m.secondsHeard, 0, 1e6) || !isFiniteIn(m.updatedAt, 0, 1e14)) return false;
  if (m.message !== undefined && !isText(m.message)) return false;
  if (m.notice !== undefined && !isOneOf(m.notice, REPORT_NOTICES)) return false;
  if (m.unsure !== undefined && typeof m.unsure !== 'boolean') return false;
  if (m.outside !== undefined) {
    if (!isObject(m.outside)) return false;
    if (m.outside.genre !== undefined && !isOneOf(m.outside.genre, OUTSIDE_NAMES)) return false;
  }
  if (m.videoId !== undefined && !isVideoIdOrNone(m.videoId)) return false;
  for (const key of ['cpuMsPerAudioSecond', 'cpuMs', 'audioSeconds', 'networkMs', 'patches'] as const) {
    if (m[key] !== undefined && !isFiniteIn(m[key], 0, 1e9)) return false;
  }
  return true;
}

export function isTimeline(m: unknown): m is TabTimeline {
  if (!isObject(m) || !isVideoIdOrNone(m.videoId) || !isFiniteIn(m.duration, 0, 1e7)) return false;
  if (!Array.isArray(m.sections) || m.sections.length > MAX_SECTIONS) return false;
  return m.sections.every((s) => isObject(s) && isText(s.genre, 40) && isFiniteIn(s.start, 0, 1e7) && isFiniteIn(s.end, 0, 1e7) && s.end >= s.start);
}

export function isBackgroundRequest(m: unknown): m is BackgroundRequest {
  if (!isObject(m)) return false;
  switch (m.type) {
    case 'engine/ensure':
    case 'engine/surfaces':
    case 'engine/idle':
      return true;
    case 'debug/engine':
      return DEBUG;
    case 'engine/report':
      return isGenreReport(m.report);
    case 'engine/closed':
      return Number.isInteger(m.tabId) && (m.tabId as number) >= 0 && Number.isInteger(m.frameId) && (m.frameId as number) >= 0;
    case 'tab/timeline':
      return isTimeline(m.timeline);
    default:
      return false;
  }
}

/** Logs a dropped message once per kind, so a flood cannot flood the console too. */
const logged = new Set<string>();
export function dropped(where: string, message: unknown): void {
  const kind = `${where}:${isObject(message) && typeof message.type === 'string' ? message.type.slice(0, 40) : typeof message}`;
  if (logged.has(kind) || logged.size > 100) return;
  logged.add(kind);
  console.warn(`[Genre Lens] dropped an invalid message (${kind})`);
}
