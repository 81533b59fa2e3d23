/** Decodes an audio file in Node into mono samples, with readable errors for bad input. */
import { readFile, stat } from 'node:fs/promises';
import decode from 'audio-decode';
import { downmix } from '../../../src/core/downmix.ts';
import { Resampler } from '../../../src/core/resampler.ts';

export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
  seconds: number;
}

export class AudioFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'AudioFileError';
  }
}

export async function decodeFile(file: string): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new AudioFileError(file, 'is a directory, not an audio file');
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof AudioFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new AudioFileError(file, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(error)})`);
  }
  if (bytes.length === 0) throw new AudioFileError(file, 'file is empty');
  const truncation = findTruncation(bytes);
  if (truncation) throw new AudioFileError(file, truncation);
  let decoded: { channelData: Float32Array[]; sampleRate: number };
  try {
    decoded = await decode(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AudioFileError(
      file,
      /unknown audio format/i.test(message) ? 'not an audio file (unrecognised format)' : `cannot decode (${message})`,
    );
  }
  const samples = downmix(decoded.channelData ?? []);
  if (!decoded.sampleRate || samples.length === 0) throw new AudioFileError(file, 'contains no audio samples (truncated or corrupt?)');
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]!)) throw new AudioFileError(file, 'decoded audio contains NaN/infinite samples (corrupt file)');
  }
  return { samples, sampleRate: decoded.sampleRate, seconds: samples.length / decoded.sampleRate };
}

const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));

/**
 * Container-level checks for files cut short, which decoders tend to accept
 * silently: Ogg streams must end with an end-of-stream page, WAV data must be
 * as long as its header says, FLAC must hold the samples STREAMINFO promises
 * (checked roughly through the file size).
 */
export function findTruncation(bytes: Uint8Array): string | undefined {
  if (ascii(bytes, 0, 4) === 'OggS') {
    let at = 0;
    let lastFlags = -1;
    while (at + 27 <= bytes.length && ascii(bytes, at, 4) === 'OggS') {
      lastFlags = bytes[at + 5]!;
      const segments = bytes[at + 26]!;
      if (at + 27 + segments > bytes.length) return 'truncated (Ogg page header cut short)';
      let body = 0;
      for (let s = 0; s < segments; s++) body += bytes[at + 27 + s]!;
      const end = at + 27 + segments + body;
      if (end > bytes.length) return 'truncated (last Ogg page is incomplete)';
      at = end;
    }
    if (at < bytes.length) return 'corrupt (garbage after the last Ogg page)';
    if ((lastFlags & 0x04) === 0) return 'truncated (the Ogg stream has no end-of-stream page)';
  } else if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') {
    let at = 12;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (at + 8 <= bytes.length) {
      const id = ascii(bytes, at, 4);
      const size = view.getUint32(at + 4, true);
      if (id === 'data') {
        if (size !== 0xffffffff && at + 8 + size > bytes.length) return `truncated (WAV data holds ${bytes.length - at - 8} of ${size} bytes)`;
        return undefined;
      }
      at += 8 + size + (size & 1);
    }
    return 'truncated (WAV file has no data chunk)';
  }
  return undefined;
}

/** Decodes a file to mono samples at `rate`. */
export async function decodeAtRate(file: string, rate: number): Promise<Float32Array> {
  const audio = await decodeFile(file);
  return audio.sampleRate === rate ? audio.samples : new Resampler(audio.sampleRate, rate).process(audio.samples);
}

/** Recordings played one after another, each looped (shorter ones) or cut to fill its seconds. */
export function playInTurn(parts: readonly { samples: Float32Array; seconds: number }[], rate: number): Float32Array {
  const out = new Float32Array(rate * parts.reduce((sum, p) => sum + p.seconds, 0));
  let at = 0;
  for (const { samples, seconds } of parts) {
    for (let i = 0; i < rate * seconds; i++) out[at + i] = samples[i % samples.length]!;
    at += rate * seconds;
  }
  return out;
}
