import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Resampler } from '../../src/core/resampler.ts';
import { sine, tonePower } from './helpers.ts';

const TARGET = 22050;

describe('resampler', () => {
  for (const rate of [44100, 48000, 32000, 16000, 8000]) {
    it(`keeps a tone's frequency from ${rate} Hz to ${TARGET} Hz`, () => {
      const tone = Math.min(1000, rate / 5);
      const resampler = new Resampler(rate, TARGET);
      const input = sine(tone, rate, 2);
      // Stream in odd-sized chunks like an AudioWorklet would.
      const parts: Float32Array[] = [];
      for (let i = 0; i < input.length; i += 333) parts.push(resampler.process(input.subarray(i, i + 333)));
      const output = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        output.set(p, at);
        at += p.length;
      }
      assert.ok(Math.abs(output.length - 2 * TARGET) <= 64, `length ${output.length}`);
      const steady = output.subarray(1000, output.length - 1000);
      const atTone = tonePower(steady, tone, TARGET);
      // A sine of amplitude 0.5 has tone power 0.0625; neighbours must hold almost nothing.
      assert.ok(Math.abs(atTone - 0.0625) < 0.004, `power at ${tone} Hz: ${atTone}`);
      for (const other of [tone * 0.8, tone * 1.25, TARGET / 2 - tone]) {
        assert.ok(tonePower(steady, other, TARGET) < 1e-4, `leak at ${other} Hz`);
      }
    });
  }

  it('removes content above the target Nyquist instead of aliasing it', () => {
    const resampler = new Resampler(48000, TARGET);
    const output = resampler.process(sine(15000, 48000, 1));
    const steady = output.subarray(500, output.length - 500);
    // 15 kHz would alias to 7.05 kHz.
    assert.ok(tonePower(steady, TARGET - 15000, TARGET) < 1e-4);
  });

  it('refuses unusable rates with a readable error', () => {
    assert.throws(() => new Resampler(0, TARGET), /unsupported sample rate/);
    assert.throws(() => new Resampler(Number.NaN, TARGET), /unsupported sample rate/);
    assert.throws(() => new Resampler(44100.5, TARGET), /whole numbers/);
  });
});

describe('resampler with a band limit', () => {
  const steadyOf = (out: Float32Array) => out.subarray(600, out.length - 600);
  for (const rate of [48000, 44100, 16000]) {
    it(`band-limits ${rate} Hz input to 7 kHz at 16 kHz, equal rates included`, () => {
      const pass = steadyOf(new Resampler(rate, 16000, 7000).process(sine(3000, rate, 1)));
      assert.ok(Math.abs(tonePower(pass, 3000, 16000) - 0.0625) < 0.002, 'a 3 kHz tone passes');
      const stop = steadyOf(new Resampler(rate, 16000, 7000).process(sine(7900, rate, 1)));
      // -40 dB or more at 7.9 kHz, where a 16 kHz upload still has content.
      assert.ok(tonePower(stop, 7900, 16000) < 0.0625e-4, `7.9 kHz leaks ${tonePower(stop, 7900, 16000)}`);
    });
  }
});
