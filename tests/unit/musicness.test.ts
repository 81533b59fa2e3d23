import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMusicDetector, MusicGate, type MusicDetector, musicProbability } from '../../src/core/musicness.ts';

// One feature: positive values sound like music, negative ones like speech.
const detector: MusicDetector = { mean: [0], scale: [1], weights: [4], bias: 0, threshold: 0.3 };

describe('"Not music?" decision', () => {
  it('scores with a logistic on the standardised features', () => {
    assert.equal(musicProbability(detector, [0]), 0.5);
    assert.ok(musicProbability(detector, [1]) > 0.98);
    assert.ok(musicProbability(detector, [-1]) < 0.02);
  });

  it('calls steady non-music "not music", and music music', () => {
    const gate = new MusicGate(detector);
    for (let i = 0; i < 5; i++) gate.push([-1]);
    assert.equal(gate.isMusic, false);
    const music = new MusicGate(detector);
    for (let i = 0; i < 5; i++) music.push([1]);
    assert.equal(music.isMusic, true);
  });

  it('one odd window in music does not raise a false alarm', () => {
    const gate = new MusicGate(detector);
    for (let i = 0; i < 6; i++) gate.push([1]);
    assert.equal(gate.push([-1]), true);
    assert.equal(gate.push([1]), true);
  });

  it('switches back to music once music lasts', () => {
    const gate = new MusicGate(detector);
    for (let i = 0; i < 6; i++) gate.push([-1]);
    let windows = 0;
    while (!gate.push([1])) windows++;
    assert.ok(windows <= 3, `back after ${windows} windows`);
  });

  it('without a detector (older model), everything counts as music', () => {
    const gate = new MusicGate(undefined);
    assert.equal(gate.push([-5]), true);
  });

  it('validates a detector read from model.json', () => {
    assert.equal(isMusicDetector(detector), true);
    assert.equal(isMusicDetector({ ...detector, weights: [1, 2] }), false);
    assert.equal(isMusicDetector(undefined), false);
    assert.equal(isMusicDetector({ ...detector, threshold: Number.NaN }), false);
  });
});
