/**
 * EfficientAT's front end (its `AugmentMelSTFT` in eval mode; ../shared/models/efficientat/README.md):
 * a patch at 32 kHz → pre-emphasis y[n] = x[n+1] − 0.97·x[n] → STFT (n_fft 1024, a symmetric Hann
 * window of 800 samples centred in the 1024, hop 320, centred frames with reflect padding of 512
 * each side) → power → 128 Kaldi mel bands from 0 to 15 500 Hz → log(mel + 1e-5) → (x + 4.5) / 5,
 * laid out [1, 1, 128, frames] as the network's `spec` input wants it.
 */
import FFT from 'fft.js';

export const EFFICIENTAT_RATE = 32000;
const N_FFT = 1024;
const WINDOW = 800;
const HOP = 320;
const MEL_BANDS = 128;
const F_MAX = 15500;
const PRE_EMPHASIS = 0.97;

const melOf = (hz: number) => 1127 * Math.log(1 + hz / 700);

/** A mel band: its weights over FFT bins `first`…`first + weights.length - 1` (zero elsewhere). */
interface MelBand {
  first: number;
  weights: Float64Array;
}

/** Kaldi's triangular mel banks (torchaudio.compliance.kaldi.get_mel_banks, no VTLN) over bins 0…511; bin 512 gets none. */
function melBanks(): MelBand[] {
  const bins = N_FFT / 2;
  const binWidth = EFFICIENTAT_RATE / N_FFT;
  const melLow = melOf(0);
  const delta = (melOf(F_MAX) - melLow) / (MEL_BANDS + 1);
  return Array.from({ length: MEL_BANDS }, (_, m) => {
    const left = melLow + m * delta;
    const centre = melLow + (m + 1) * delta;
    const right = melLow + (m + 2) * delta;
    const bank = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      const mel = melOf(binWidth * k);
      bank[k] = Math.max(0, Math.min((mel - left) / (centre - left), (right - mel) / (right - centre)));
    }
    // Only the triangle's bins are kept: summing the zeros too took most of a patch's time.
    const first = bank.findIndex((w) => w > 0);
    const last = bins - 1 - [...bank].reverse().findIndex((w) => w > 0);
    return first < 0 ? { first: 0, weights: new Float64Array(0) } : { first, weights: bank.slice(first, last + 1) };
  });
}

/** Frames of a patch of `samples` samples: pre-emphasis shortens it by one, centring adds a frame. */
export const efficientatFrames = (samples: number) => 1 + Math.floor((samples - 1) / HOP);

export class EfficientatFrontEnd {
  readonly dims: readonly number[];
  private readonly frames: number;
  private readonly fft = new FFT(N_FFT);
  private readonly window: Float64Array;
  private readonly banks = melBanks();
  private readonly frame = new Float64Array(N_FFT);
  private readonly spectrum: number[] = this.fft.createComplexArray();
  private readonly power = new Float64Array(N_FFT / 2 + 1);

  constructor(private readonly patchSamples: number) {
    this.frames = efficientatFrames(patchSamples);
    this.dims = [1, 1, MEL_BANDS, this.frames];
    // torch.hann_window(800, periodic=False), centred in the 1024-point frame.
    const offset = (N_FFT - WINDOW) / 2;
    this.window = new Float64Array(N_FFT);
    for (let n = 0; n < WINDOW; n++) this.window[offset + n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (WINDOW - 1));
  }

  input(patch: Float32Array): Float32Array {
    if (patch.length !== this.patchSamples) throw new RangeError(`an EfficientAT patch is ${this.patchSamples} samples, not ${patch.length}`);
    const length = patch.length - 1;
    const emphasised = new Float64Array(length);
    for (let n = 0; n < length; n++) emphasised[n] = patch[n + 1]! - PRE_EMPHASIS * patch[n]!;
    // Reflect padding of N_FFT / 2 each side (torch.stft center=True, pad_mode='reflect').
    const pad = N_FFT / 2;
    const at = (i: number) => emphasised[i < 0 ? -i : i >= length ? 2 * (length - 1) - i : i]!;
    const out = new Float32Array(MEL_BANDS * this.frames);
    const { frame, window, spectrum, power, banks } = this;
    for (let t = 0; t < this.frames; t++) {
      const start = t * HOP - pad;
      for (let i = 0; i < N_FFT; i++) frame[i] = window[i] === 0 ? 0 : at(start + i) * window[i]!;
      this.fft.realTransform(spectrum, frame);
      for (let k = 0; k <= N_FFT / 2; k++) power[k] = spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2;
      for (let m = 0; m < MEL_BANDS; m++) {
        const { first, weights } = banks[m]!;
        let sum = 0;
        for (let k = 0; k < weights.length; k++) sum += weights[k]! * power[first + k]!;
        out[m * this.frames + t] = (Math.log(sum + 1e-5) + 4.5) / 5;
      }
    }
    return out;
  }
}
