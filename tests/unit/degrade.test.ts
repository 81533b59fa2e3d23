import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { degrade, parseDegradation, parseDegradations } from '../../tools/lib/audio/degrade.ts';
import { sine, tonePower } from './helpers.ts';

const RATE = 48000;
const steady = (x: Float32Array) => x.subarray(4800, x.length - 4800);

describe('degraded copies', () => {
  it('parses specs into canonical names and refuses unknown ones with the list of known ones', () => {
    assert.deepEqual(
      parseDegradations('lowpass=8k,gain=-12,resample=16000,lowpass=6k+gain=-6').map((d) => d.name),
      ['lowpass=8k', 'gain=-12', 'resample=16k', 'lowpass=6k+gain=-6'],
    );
    assert.throws(() => parseDegradation('reverb=3'), /unknown degradation "reverb=3" \(known: lowpass=8k/);
    assert.throws(() => parseDegradation('lowpass=fast'), /not a frequency/);
    assert.throws(() => parseDegradation('gain=loud'), /not a level in dB/);
  });

  it('low-pass keeps the band below the cutoff and removes what is above it', () => {
    const low = steady(degrade(sine(1000, RATE, 1), RATE, parseDegradation('lowpass=4k')));
    const high = steady(degrade(sine(10000, RATE, 1), RATE, parseDegradation('lowpass=4k')));
    assert.ok(Math.abs(tonePower(low, 1000, RATE) - 0.0625) < 0.002);
    assert.ok(tonePower(high, 10000, RATE) < 0.0625e-5, '10 kHz is at least 50 dB down');
  });

  it('gain scales and clips at full scale; resample=16k removes the top octave', () => {
    const quiet = degrade(sine(1000, RATE, 0.5), RATE, parseDegradation('gain=-12'));
    assert.ok(Math.abs(Math.max(...quiet) - 0.5 * 10 ** (-12 / 20)) < 1e-3);
    const loud = degrade(sine(1000, RATE, 0.5), RATE, parseDegradation('gain=12'));
    assert.equal(Math.max(...loud), 1);
    const resampled = steady(degrade(sine(10000, RATE, 1), RATE, parseDegradation('resample=16k')));
    assert.ok(tonePower(resampled, 10000, RATE) < 1e-6);
  });

  it('leaves the input untouched', () => {
    const input = sine(1000, RATE, 0.1);
    const copy = input.slice();
    degrade(input, RATE, parseDegradation('lowpass=2k+gain=6+tilt=3'));
    assert.deepEqual(input, copy);
  });
});
