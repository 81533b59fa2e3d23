/**
 * YAMNet's front end up to its magnitude spectrogram, computed here instead of in the network
 * (../shared/models/yamnet/README.md): a patch of 15 600 samples at 16 kHz is cut into 96 frames
 * of 400 samples every 160, each multiplied by a periodic Hann window, zero-padded to 512 and
 * transformed; the magnitudes of bins 0–256 are what the network (model/yamnet.onnx, from its
 * mel bands on) reads. YAMNet's graph does the transform as two int8 matrix products [257 × 512]
 * (19.7 M multiply-adds a patch); measured in `npm run bench` the network ran 2.1 ms a patch
 * faster without them while this FFT costs about 0.4 ms. The padding's position changes only the
 * phase, so the frame sits at the start of the 512 points. The exact transform differs from the
 * int8 matrices' by their rounding (the heads are trained on this one).
 */
import FFT from 'fft.js';

/** One patch: 0.975 s at 16 kHz (96 frames of 10 ms plus the last frame's 15 ms). */
export const PATCH_SAMPLES = 15600;
export const SPECTROGRAM_FRAMES = 96;
export const SPECTROGRAM_BINS = 257;
const FRAME = 400;
const FRAME_HOP = 160;
const FFT_SIZE = 512;

export class YamnetFrontEnd {
  readonly dims = [SPECTROGRAM_FRAMES, SPECTROGRAM_BINS] as const;

  // fft.js (radix-4, MIT): 0.4 ms for a patch's 96 real 512-point transforms, measured here.
  private readonly fft = new FFT(FFT_SIZE);
  private readonly window = Float64Array.from({ length: FRAME }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / FRAME));
  private readonly frame = new Float64Array(FFT_SIZE);
  private readonly spectrum: number[] = this.fft.createComplexArray();

  /** The magnitude spectrogram of one patch: [frame][bin], frame-major, as the network's input [96, 257] wants it. */
  input(patch: Float32Array): Float32Array {
    if (patch.length !== PATCH_SAMPLES) throw new RangeError(`a YAMNet patch is ${PATCH_SAMPLES} samples, not ${patch.length}`);
    const out = new Float32Array(SPECTROGRAM_FRAMES * SPECTROGRAM_BINS);
    const { frame, window, spectrum } = this;
    for (let t = 0; t < SPECTROGRAM_FRAMES; t++) {
      const start = t * FRAME_HOP;
      for (let i = 0; i < FRAME; i++) frame[i] = patch[start + i]! * window[i]!;
      this.fft.realTransform(spectrum, frame);
      const row = t * SPECTROGRAM_BINS;
      for (let k = 0; k < SPECTROGRAM_BINS; k++) out[row + k] = Math.sqrt(spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2);
    }
    return out;
  }
}
