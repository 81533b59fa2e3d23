/**
 * AudioWorklet processor, on the audio thread: down-mixes the tapped video's
 * audio to mono, resamples it to the analysis rate (the same resampler the
 * engine and the training tools use), and posts it to the content script in
 * chunks of one second (CHUNK; the first after a restart is one patch), already packed for the runtime port (base64 for
 * Chrome's JSON ports, a transferred Float32Array for Firefox); a chunk of digital silence (a
 * muted or silent player, after the leading silence the input drops) goes out as a word only.
 * The page's main thread only forwards them. It outputs nothing; the video reaches the
 * speakers through its own connection.
 */
import { AnalysisInput } from '../core/analysisInput.ts';
import { downmix } from '../core/downmix.ts';
import { FEATURE_SPEC } from '../core/spec.ts';
import { CHUNK_SECONDS, packSamples, type WorkletMessage, type WorkletRequest } from '../shared/protocol.ts';
import { TARGET } from '../shared/target.ts';

/**
 * One message a second: each costs the page's thread a fixed price (measured: 4/s cost about
 * 1.1 ms/s, 2/s about 0.5). After a restart (a new window) the first chunk is exactly the first
 * network patch (0.975 s), so the first guess need not wait for a whole second of audio. The
 * stream's leading digital silence is dropped here, before the chunks are counted (the live
 * session would drop it anyway): else a first chunk that opened with silence held less than a
 * patch of sound, and the first guess waited a second for the next chunk.
 */
const CHUNK = FEATURE_SPEC.sampleRate * CHUNK_SECONDS;
const FIRST_CHUNK = FEATURE_SPEC.patchSamples;

declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly input = new AnalysisInput(sampleRate);
  private mono = new Float32Array(128);
  private chunk = new Float32Array(CHUNK);
  private filled = 0;
  private chunkLength = FIRST_CHUNK;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<WorkletRequest>) => {
      if (event.data?.type === 'chunks/restart') {
        // The audio gathered so far belongs before the engine's reset: drop it.
        this.filled = 0;
        this.chunkLength = FIRST_CHUNK;
        this.input.restart();
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const frames = channels[0]!.length;
    if (this.mono.length !== frames) this.mono = new Float32Array(frames);
    downmix(channels, this.mono);
    const resampled = this.input.process(this.mono);
    let offset = 0;
    while (offset < resampled.length) {
      const take = Math.min(resampled.length - offset, this.chunkLength - this.filled);
      this.chunk.set(resampled.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.chunkLength) this.flush();
    }
    return true;
  }

  private flush(): void {
    const samples = this.chunk.subarray(0, this.filled);
    this.filled = 0;
    this.chunkLength = CHUNK;
    // A muted, zero-volume or silent player: only word of it goes out (no packing, no analysis).
    if (isDigitalSilence(samples)) {
      this.port.postMessage(SILENCE);
      return;
    }
    const packed = packSamples(samples, TARGET);
    if (typeof packed === 'string') {
      this.port.postMessage(packed);
    } else {
      this.port.postMessage(packed, [packed.buffer]);
      this.chunk = new Float32Array(CHUNK);
    }
  }
}

const SILENCE: WorkletMessage = { type: 'silence' };

function isDigitalSilence(samples: Float32Array): boolean {
  for (let i = 0; i < samples.length; i++) if (samples[i] !== 0) return false;
  return true;
}

registerProcessor('genre-lens-capture', CaptureProcessor);
