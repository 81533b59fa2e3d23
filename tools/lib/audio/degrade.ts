/**
 * Degraded copies of decoded audio, made in-process: what YouTube uploads do
 * to a recording (band limits, level, resampling, lossy codecs). Used by
 * `npm run evaluate -- --degrade …` and by training augmentation.
 *
 * Spec syntax (comma-separated lists of these):
 *   lowpass=8k    8th-order Butterworth low-pass at 8 kHz
 *   gain=-12      level change in dB (clipped at full scale, as a loud upload would be)
 *   tilt=-3       spectral tilt: a shelf of this many dB above 1 kHz against below it
 *   resample=16k  down to 16 kHz and back (a 16 kHz upload)
 *   aac=128k, opus=96k, mp3=128k  a codec round trip through ffmpeg (only where ffmpeg is installed)
 * Several steps can be chained with '+': lowpass=6k+gain=-6.
 */
import { spawnSync } from 'node:child_process';
import { Resampler } from '../../../src/core/resampler.ts';

export interface Degradation {
  /** Canonical text of the spec, e.g. "lowpass=8k+gain=-6". */
  name: string;
  steps: DegradationStep[];
}

export type DegradationStep =
  | { kind: 'lowpass'; hz: number }
  | { kind: 'gain'; db: number }
  | { kind: 'tilt'; db: number }
  | { kind: 'resample'; hz: number }
  | { kind: 'codec'; codec: 'aac' | 'opus' | 'mp3'; bitrate: number };

const CODECS = { aac: ['aac', 'adts'], opus: ['libopus', 'ogg'], mp3: ['libmp3lame', 'mp3'] } as const;

function frequency(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(k?)(?:hz)?$/i.exec(text);
  if (!m) throw new Error(`${what}: "${text}" is not a frequency (e.g. 8k or 8000)`);
  return Number(m[1]) * (m[2] ? 1000 : 1);
}

function decibels(text: string, what: string): number {
  const value = Number(text.replace(/db$/i, ''));
  if (!Number.isFinite(value) || text.trim() === '') throw new Error(`${what}: "${text}" is not a level in dB (e.g. -12)`);
  return value;
}

export function parseDegradation(spec: string): Degradation {
  const steps = spec.split('+').map((part): DegradationStep => {
    const [key, value = ''] = part.trim().split('=', 2) as [string, string | undefined];
    switch (key.toLowerCase()) {
      case 'lowpass':
        return { kind: 'lowpass', hz: frequency(value, part) };
      case 'gain':
        return { kind: 'gain', db: decibels(value, part) };
      case 'tilt':
        return { kind: 'tilt', db: decibels(value, part) };
      case 'resample':
        return { kind: 'resample', hz: frequency(value, part) };
      case 'aac':
      case 'opus':
      case 'mp3':
        return { kind: 'codec', codec: key.toLowerCase() as 'aac' | 'opus' | 'mp3', bitrate: frequency(value, part) };
      default:
        throw new Error(`unknown degradation "${part}" (known: lowpass=8k, gain=-12, tilt=-3, resample=16k, aac=128k, opus=96k, mp3=128k)`);
    }
  });
  return { name: steps.map(stepName).join('+'), steps };
}

function stepName(step: DegradationStep): string {
  const k = (hz: number) => (hz % 1000 === 0 ? `${hz / 1000}k` : String(hz));
  switch (step.kind) {
    case 'lowpass':
    case 'resample':
      return `${step.kind}=${k(step.hz)}`;
    case 'gain':
    case 'tilt':
      return `${step.kind}=${step.db}`;
    case 'codec':
      return `${step.codec}=${k(step.bitrate)}`;
  }
}

export function parseDegradations(list: string): Degradation[] {
  return list
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(parseDegradation);
}

export function needsFfmpeg(d: Degradation): boolean {
  return d.steps.some((s) => s.kind === 'codec');
}

let ffmpegFound: boolean | undefined;
export function hasFfmpeg(): boolean {
  ffmpegFound ??= spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
  return ffmpegFound;
}

export function degrade(samples: Float32Array, sampleRate: number, degradation: Degradation): Float32Array {
  let out = samples;
  for (const step of degradation.steps) {
    switch (step.kind) {
      case 'lowpass':
        if (step.hz < sampleRate / 2) out = lowpass(out, sampleRate, step.hz);
        break;
      case 'gain':
        out = applyGain(out, step.db);
        break;
      case 'tilt':
        out = tilt(out, sampleRate, step.db);
        break;
      case 'resample':
        if (step.hz < sampleRate) out = roundTrip(out, sampleRate, step.hz);
        break;
      case 'codec':
        out = codecRoundTrip(out, sampleRate, step.codec, step.bitrate);
        break;
    }
  }
  return out === samples ? samples.slice() : out;
}

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** Runs biquad sections in series (direct form I, double precision). */
function filter(input: Float32Array, sections: readonly Biquad[]): Float32Array {
  const out = Float32Array.from(input);
  for (const { b0, b1, b2, a1, a2 } of sections) {
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < out.length; i++) {
      const x = out[i]!;
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      out[i] = y;
    }
  }
  return out;
}

// RBJ Audio EQ Cookbook biquads.
function lowpassSection(rate: number, hz: number, q: number): Biquad {
  const w = (2 * Math.PI * hz) / rate;
  const alpha = Math.sin(w) / (2 * q);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  return { b0: (1 - cos) / 2 / a0, b1: (1 - cos) / a0, b2: (1 - cos) / 2 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

function highShelf(rate: number, hz: number, db: number): Biquad {
  const a = 10 ** (db / 40);
  const w = (2 * Math.PI * hz) / rate;
  const cos = Math.cos(w);
  const alpha = (Math.sin(w) / 2) * Math.SQRT2; // shelf slope S = 1
  const s = 2 * Math.sqrt(a) * alpha;
  const a0 = a + 1 - (a - 1) * cos + s;
  return {
    b0: (a * (a + 1 + (a - 1) * cos + s)) / a0,
    b1: (-2 * a * (a - 1 + (a + 1) * cos)) / a0,
    b2: (a * (a + 1 + (a - 1) * cos - s)) / a0,
    a1: (2 * (a - 1 - (a + 1) * cos)) / a0,
    a2: (a + 1 - (a - 1) * cos - s) / a0,
  };
}

/** Q of each section of an 8th-order Butterworth low-pass. */
const BUTTERWORTH_8 = [0.5098, 0.6013, 0.9, 2.5629];

export function lowpass(samples: Float32Array, rate: number, hz: number): Float32Array {
  return filter(
    samples,
    BUTTERWORTH_8.map((q) => lowpassSection(rate, hz, q)),
  );
}

function tilt(samples: Float32Array, rate: number, db: number): Float32Array {
  // Half the tilt as a cut below, half as a boost above 1 kHz keeps the overall level about the same.
  const shelved = filter(samples, [highShelf(rate, 1000, db)]);
  return applyGain(shelved, -db / 2);
}

function applyGain(samples: Float32Array, db: number): Float32Array {
  const g = 10 ** (db / 20);
  return samples.map((x) => Math.max(-1, Math.min(1, x * g)));
}

function roundTrip(samples: Float32Array, rate: number, via: number): Float32Array {
  const down = new Resampler(rate, via).process(samples);
  const up = new Resampler(via, rate).process(down);
  return up;
}

function codecRoundTrip(samples: Float32Array, rate: number, codec: 'aac' | 'opus' | 'mp3', bitrate: number): Float32Array {
  if (!hasFfmpeg()) throw new Error(`${codec} round trip needs ffmpeg, which is not installed`);
  const [encoder, container] = CODECS[codec];
  const raw = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const common = ['-hide_banner', '-loglevel', 'error'];
  const encoded = spawnSync(
    'ffmpeg',
    [...common, '-f', 'f32le', '-ar', String(rate), '-ac', '1', '-i', 'pipe:0', '-c:a', encoder, '-b:a', String(bitrate), '-f', container, 'pipe:1'],
    { input: raw, maxBuffer: 1 << 30 },
  );
  if (encoded.status !== 0) throw new Error(`ffmpeg could not encode ${codec}: ${encoded.stderr.toString().trim().split('\n')[0]}`);
  const decoded = spawnSync('ffmpeg', [...common, '-i', 'pipe:0', '-f', 'f32le', '-ar', String(rate), '-ac', '1', 'pipe:1'], {
    input: encoded.stdout,
    maxBuffer: 1 << 30,
  });
  if (decoded.status !== 0) throw new Error(`ffmpeg could not decode ${codec}: ${decoded.stderr.toString().trim().split('\n')[0]}`);
  const bytes = decoded.stdout;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.byteLength & ~3)));
}
