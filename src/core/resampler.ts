/**
 * Streaming polyphase resampler with a Blackman-windowed sinc kernel.
 * For a rational ratio dst/src = L/M every output phase gets its own
 * precomputed filter, so 44.1k, 48k, 32k, 16k and 8k inputs are exact.
 * The low-pass cutoff sits just below the lower of the two Nyquist
 * frequencies, so downsampling does not alias — or at `cutoffHz` when that is
 * lower: then the output is band-limited to it whatever the input rate,
 * equal rates included (no pass-through), with a longer, sharper kernel.
 */

const ZERO_CROSSINGS = 6;
/** Kernel half-length, in zero crossings, when an explicit cutoff band-limits the output. */
const BAND_LIMIT_ZERO_CROSSINGS = 20;
const CUTOFF = 0.9;
const MAX_PHASES = 4096;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export class Resampler {
  readonly ratio: number;
  private readonly up: number;
  private readonly down: number;
  private readonly halfTaps: number;
  private readonly taps: number;
  private readonly filters: Float32Array;
  private buffer: Float32Array;
  private bufferLength: number;
  /** Index (in buffer) of the input sample at the current output time, and the phase within it. */
  private position: number;
  private phase = 0;
  private readonly passthrough: boolean;
  /** Per phase: how many input samples the next output moves on, and its phase. */
  private readonly advance: Int32Array;
  private readonly nextPhase: Int32Array;

  constructor(
    readonly sourceRate: number,
    readonly targetRate: number,
    cutoffHz?: number,
  ) {
    if (!Number.isFinite(sourceRate) || sourceRate < 1000 || sourceRate > 768000) {
      throw new RangeError(`unsupported sample rate ${sourceRate} Hz (expected 1000 to 768000 Hz)`);
    }
    if (!Number.isInteger(sourceRate) || !Number.isInteger(targetRate)) {
      throw new RangeError(`sample rates must be whole numbers of Hz, got ${sourceRate} and ${targetRate}`);
    }
    this.ratio = targetRate / sourceRate;
    const nyquistCutoff = Math.min(1, this.ratio) * CUTOFF; // relative to the source Nyquist
    const bandLimited = cutoffHz !== undefined && cutoffHz / (sourceRate / 2) < nyquistCutoff;
    const cutoff = bandLimited ? cutoffHz / (sourceRate / 2) : nyquistCutoff;
    this.passthrough = sourceRate === targetRate && !bandLimited;
    const g = gcd(sourceRate, targetRate);
    this.up = targetRate / g;
    this.down = sourceRate / g;
    if (this.up > MAX_PHASES) {
      throw new RangeError(`sample rate ratio ${targetRate}/${sourceRate} needs too many filter phases`);
    }
    this.halfTaps = bandLimited
      ? Math.ceil(BAND_LIMIT_ZERO_CROSSINGS / cutoff)
      : Math.ceil(ZERO_CROSSINGS / Math.min(1, this.ratio));
    this.taps = 2 * this.halfTaps;
    this.filters = new Float32Array(this.up * this.taps);
    for (let p = 0; p < this.up; p++) {
      const frac = p / this.up;
      let sum = 0;
      for (let k = 0; k < this.taps; k++) {
        const t = k - this.halfTaps + 1 - frac; // distance from the output time, in input samples
        const x = t * cutoff;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        const w = (t + this.halfTaps) / (2 * this.halfTaps); // 0..1 across the kernel
        const blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * w) + 0.08 * Math.cos(4 * Math.PI * w);
        const h = sinc * Math.max(0, blackman);
        this.filters[p * this.taps + k] = h;
        sum += h;
      }
      for (let k = 0; k < this.taps; k++) this.filters[p * this.taps + k]! /= sum;
    }
    this.advance = Int32Array.from({ length: this.up }, (_, p) => Math.floor((p + this.down) / this.up));
    this.nextPhase = Int32Array.from({ length: this.up }, (_, p) => (p + this.down) % this.up);
    // Start with halfTaps - 1 zeros of history so the first output is aligned with input sample 0.
    this.buffer = new Float32Array(4096 + this.taps);
    this.bufferLength = this.halfTaps - 1;
    this.position = this.halfTaps - 1;
  }

  /** Resamples one chunk; output may be empty while the filter waits for look-ahead samples. */
  process(input: Float32Array): Float32Array {
    if (this.passthrough) return input.slice();
    this.append(input);
    const { taps, halfTaps, up, down, filters } = this;
    const available = this.bufferLength - halfTaps - 1; // last position whose kernel is complete
    const maxOut = Math.max(0, Math.ceil(((available - this.position + 1) * up) / down) + 1);
    const out = new Float32Array(maxOut);
    let n = 0;
    let position = this.position;
    let phase = this.phase;
    const buf = this.buffer;
    const { advance, nextPhase } = this;
    while (position <= available) {
      const start = position - halfTaps + 1;
      const f = phase * taps;
      // Independent accumulators let the engine overlap the multiply-adds (taps is even).
      let acc0 = 0;
      let acc1 = 0;
      let acc2 = 0;
      let acc3 = 0;
      let k = 0;
      for (; k + 3 < taps; k += 4) {
        acc0 += buf[start + k]! * filters[f + k]!;
        acc1 += buf[start + k + 1]! * filters[f + k + 1]!;
        acc2 += buf[start + k + 2]! * filters[f + k + 2]!;
        acc3 += buf[start + k + 3]! * filters[f + k + 3]!;
      }
      for (; k < taps; k += 2) {
        acc0 += buf[start + k]! * filters[f + k]!;
        acc1 += buf[start + k + 1]! * filters[f + k + 1]!;
      }
      out[n++] = acc0 + acc1 + acc2 + acc3;
      position += advance[phase]!;
      phase = nextPhase[phase]!;
    }
    this.position = position;
    this.phase = phase;
    this.discardConsumed();
    return n === maxOut ? out : out.subarray(0, n);
  }

  private append(input: Float32Array): void {
    const needed = this.bufferLength + input.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.bufferLength));
      this.buffer = grown;
    }
    this.buffer.set(input, this.bufferLength);
    this.bufferLength = needed;
  }

  private discardConsumed(): void {
    const drop = this.position - this.halfTaps + 1;
    if (drop <= 0) return;
    this.buffer.copyWithin(0, drop, this.bufferLength);
    this.bufferLength -= drop;
    this.position -= drop;
  }
}
