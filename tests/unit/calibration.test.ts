import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrate, expectedCalibrationError, isCalibration } from '../../src/core/calibration.ts';
import { fitPower, type ShownGuess } from '../../tools/lib/model/calibrationFit.ts';
import { mulberry32 } from '../../tools/lib/model/split.ts';

describe('certainty calibration', () => {
  it('power 1 changes nothing, a larger power sharpens, a smaller one flattens; no underflow', () => {
    const p = [0.6, 0.3, 0.1];
    assert.deepEqual(Array.from(calibrate(p, 1), (v) => Math.round(v * 1e9) / 1e9), p);
    assert.ok(calibrate(p, 2)[0]! > 0.6);
    assert.ok(calibrate(p, 0.5)[0]! < 0.6);
    const extreme = calibrate([1e-200, 1e-250, 1], 50);
    assert.ok(extreme.every(Number.isFinite));
    assert.equal(extreme[2], 1);
  });

  it('ECE is 0 when confidence matches accuracy and large when it does not', () => {
    const confidence = new Array(100).fill(0.75);
    const calibrated = confidence.map((_, i) => i % 4 !== 0);
    assert.ok(expectedCalibrationError(confidence, calibrated) < 1e-9);
    const overconfident = new Array(100).fill(0.99);
    assert.ok(Math.abs(expectedCalibrationError(overconfident, calibrated) - 0.24) < 1e-9);
  });

  it('fitting recovers the power that makes overconfident predictions honest', () => {
    // Truth drawn from q = calibrate(p, 0.5): the model's p is q sharpened by 2, so the fitted power is ~0.5.
    const random = mulberry32(3);
    const guesses: ShownGuess[] = [];
    for (let i = 0; i < 4000; i++) {
      const scores = [random() * 4, random() * 4, random() * 4];
      const q = calibrate(scores.map(Math.exp), 1);
      const p = calibrate(q, 2);
      const u = random();
      const truth = u < q[0]! ? 0 : u < q[0]! + q[1]! ? 1 : 2;
      const top = p.indexOf(Math.max(...p));
      guesses.push({ probabilities: p, top, truth });
    }
    const power = fitPower(guesses);
    assert.ok(Math.abs(power - 0.5) < 0.1, `fitted power ${power}`);
  });

  it('accepts only usable calibrations from model.json', () => {
    assert.ok(isCalibration({ power: 0.8, unsureBelow: 0.45 }));
    assert.ok(!isCalibration({ power: 0, unsureBelow: 0.45 }));
    assert.ok(!isCalibration({ power: 1, unsureBelow: Number.NaN }));
    assert.ok(!isCalibration(undefined));
  });
});
