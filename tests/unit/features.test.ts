import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AnalysisWindow, StreamingAnalyzer } from '../../src/core/analyzer.ts';
import { FRAME_FEATURE_COUNT, FRAME_INDEX, FrameFeatureExtractor } from '../../src/core/frameFeatures.ts';
import { FEATURE_SPEC } from '../../src/core/spec.ts';
import { allFinite, sine } from './helpers.ts';

const { sampleRate, frameSize, melBands } = FEATURE_SPEC;
const PITCH_CLASSES = ['C', 'Cs', 'D', 'Ds', 'E', 'F', 'Fs', 'G', 'Gs', 'A', 'As', 'B'];

function frameOf(signal: Float32Array, offset = 4096): Float32Array {
  return signal.slice(offset, offset + frameSize);
}

function extract(frame: Float32Array): Float32Array {
  const out = new Float32Array(FRAME_FEATURE_COUNT);
  new FrameFeatureExtractor(sampleRate, frameSize, melBands, FEATURE_SPEC.bandLimitHz).extract(frame, out);
  return out;
}

function chromaPeak(values: Float32Array): string {
  const chroma = PITCH_CLASSES.map((p) => values[FRAME_INDEX[`chroma_${p}`]!]!);
  return PITCH_CLASSES[chroma.indexOf(Math.max(...chroma))]!;
}

describe('frame features on synthetic signals', () => {
  for (const [hz, pitch] of [
    [440, 'A'],
    [261.63, 'C'],
    [329.63, 'E'],
    [392, 'G'],
    [740, 'Fs'],
  ] as const) {
    it(`a ${hz} Hz sine peaks at chroma ${pitch}`, () => {
      assert.equal(chromaPeak(extract(frameOf(sine(hz, sampleRate, 1)))), pitch);
    });
  }

  it('RMS of a sine is amplitude / √2 (logRms feature, and the frame energy)', () => {
    for (const amplitude of [0.1, 0.5, 1]) {
      const extractor = new FrameFeatureExtractor(sampleRate, frameSize, melBands, FEATURE_SPEC.bandLimitHz);
      const out = new Float32Array(FRAME_FEATURE_COUNT);
      extractor.extract(frameOf(sine(1000, sampleRate, 1, amplitude)), out);
      const value = Math.exp(out[FRAME_INDEX.logRms!]!) - 1e-5;
      assert.ok(Math.abs(value - amplitude / Math.SQRT2) < 2e-3, `rms ${value} for amplitude ${amplitude}`);
      assert.ok(Math.abs(Math.sqrt(extractor.lastMeanSquare) - amplitude / Math.SQRT2) < 2e-3);
    }
  });

  it('zero-crossing rate of a sine is about 2f / sr', () => {
    for (const hz of [500, 1000, 5000]) {
      const value = extract(frameOf(sine(hz, sampleRate, 1)))[FRAME_INDEX.zcr!]!;
      const expected = (2 * hz) / sampleRate;
      assert.ok(Math.abs(value - expected) / expected < 0.03, `zcr ${value} vs ${expected} at ${hz} Hz`);
    }
  });

  it('the logRms frame feature tracks loudness', () => {
    const quiet = extract(frameOf(sine(440, sampleRate, 1, 0.05)))[FRAME_INDEX.logRms!]!;
    const loud = extract(frameOf(sine(440, sampleRate, 1, 0.5)))[FRAME_INDEX.logRms!]!;
    assert.ok(loud > quiet, `${loud} should exceed ${quiet}`);
  });

  it('a higher tone has a higher spectral centroid', () => {
    const low = extract(frameOf(sine(300, sampleRate, 1)))[FRAME_INDEX.centroidKHz!]!;
    const high = extract(frameOf(sine(3000, sampleRate, 1)))[FRAME_INDEX.centroidKHz!]!;
    assert.ok(Math.abs(high - 3) < 0.3, `centroid ${high} kHz for a 3 kHz tone`);
    assert.ok(high > low);
  });

  it('silence and DC give finite frame features', () => {
    assert.ok(allFinite(extract(new Float32Array(frameSize))), 'silence');
    assert.ok(allFinite(extract(new Float32Array(frameSize).fill(0.7))), 'DC');
    assert.ok(allFinite(extract(new Float32Array(frameSize).fill(-1))), 'full-scale DC');
  });
});

describe('streaming analyzer', () => {
  it('gives finite window features for silence and DC', () => {
    for (const value of [0, 0.5]) {
      const analyzer = new StreamingAnalyzer({ inputRate: 48000 });
      const windows = analyzer.push(new Float32Array(48000 * 5.5).fill(value));
      assert.equal(windows.length, 3, 'windows at 3, 4 and 5 s of audio');
      for (const w of windows) assert.ok(allFinite(w.features), `value ${value}: ${w.features}`);
      if (value === 0) assert.equal(windows[0]!.rms, 0);
    }
  });

  it('emits the first window after 3 s, then one per second, growing to the full window', () => {
    const analyzer = new StreamingAnalyzer({ inputRate: 44100 });
    const windows = analyzer.push(sine(440, 44100, 14));
    assert.deepEqual(
      windows.map((w) => Math.round(w.endSeconds)),
      [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    );
    assert.ok(Math.abs(windows[0]!.seconds - 3) < 0.05);
    assert.ok(Math.abs(windows.at(-1)!.seconds - FEATURE_SPEC.windowSeconds) < 0.05);
    assert.equal(windows[0]!.features.length, FEATURE_SPEC.featureNames.length);
  });

  it('gives the same windows however the audio is chunked', () => {
    const audio = sine(523.25, 32000, 6);
    const whole = new StreamingAnalyzer({ inputRate: 32000 }).push(audio);
    const chunked = new StreamingAnalyzer({ inputRate: 32000 });
    const pieces = [];
    for (let i = 0; i < audio.length; i += 128) pieces.push(...chunked.push(audio.subarray(i, i + 128)));
    assert.equal(pieces.length, whole.length);
    for (let i = 0; i < whole.length; i++) assert.deepEqual(pieces[i]!.features, whole[i]!.features);
  });

  it('refuses NaN audio with a clear error', () => {
    const analyzer = new StreamingAnalyzer({ inputRate: 48000 });
    assert.throws(() => analyzer.push(Float32Array.of(0, Number.NaN)), /NaN/);
  });

  it('keepRecent(): the window restarts from its last seconds, at once, and grows again from there', () => {
    // A tone for 5 s, then another: the kept window must hold only the newest audio.
    const rate = FEATURE_SPEC.sampleRate;
    const audio = new Float32Array(rate * 9);
    audio.set(sine(220, rate, 5));
    audio.set(sine(880, rate, 4), rate * 5);
    const analyzer = new StreamingAnalyzer({ inputRate: rate });
    let last: AnalysisWindow | undefined;
    // Small pieces, so nothing is analysed past the window that closes at 8 s.
    for (let i = 0; i < audio.length && !(last && last.endSeconds >= 7.9); i += 128) last = analyzer.push(audio.subarray(i, i + 128)).at(-1) ?? last;
    assert.ok(last && last.seconds > 7.9, 'an 8 s window');
    const kept = analyzer.keepRecent(FEATURE_SPEC.detectorSeconds);
    assert.ok(kept, 'a window from the kept frames');
    assert.deepEqual(kept.features, last.recent, "the kept window is exactly the detector's recent window");
    assert.ok(Math.abs(kept.seconds - FEATURE_SPEC.detectorSeconds) < 0.05);
    assert.ok(Math.abs(analyzer.secondsHeard - FEATURE_SPEC.detectorSeconds) < 0.05);
    const next = analyzer.push(sine(880, rate, 1.05));
    assert.equal(next.length, 1, 'the next window one hop later');
    assert.ok(Math.abs(next[0]!.seconds - (FEATURE_SPEC.detectorSeconds + 1)) < 0.05);
    assert.ok(Math.abs(next[0]!.rms - 0.5 / Math.SQRT2) < 0.02, `rms of the 880 Hz tone only: ${next[0]!.rms}`);
    assert.equal(analyzer.keepRecent(0), undefined, 'nothing kept: a reset');
    assert.equal(analyzer.secondsHeard, 0);
  });

  it('starts over after reset()', () => {
    const analyzer = new StreamingAnalyzer({ inputRate: 48000 });
    analyzer.push(sine(440, 48000, 4));
    analyzer.reset();
    assert.equal(analyzer.secondsHeard, 0);
    assert.equal(analyzer.push(sine(440, 48000, 2.5)).length, 0);
  });
});
