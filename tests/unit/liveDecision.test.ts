import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisWindow } from '../../src/core/patchPipeline.ts';
import { LeadingSilenceTrimmer } from '../../src/core/leadingSilence.ts';
import { LiveDecision } from '../../src/core/liveDecision.ts';
import type { MusicDetector } from '../../src/core/musicness.ts';

// One feature: positive values sound like music, negative ones like speech.
const detector: MusicDetector = { mean: [0], scale: [1], weights: [4], bias: 0, threshold: 0.3 };
const window = (value: number, rms = 0.1): AnalysisWindow => {
  const features = Float32Array.of(value);
  return { endSeconds: 0, seconds: 10, features, recent: features, rms };
};

describe('live decision per window', () => {
  it('music: classify every window; the genre comes from the accepted probabilities', () => {
    const d = new LiveDecision(2, detector);
    for (let i = 0; i < 3; i++) {
      assert.equal(d.step(window(1)), 'classify');
      d.accept([0.2, 0.8]);
    }
    assert.equal(d.evidence.topIndex, 1);
    assert.equal(d.notice, undefined);
  });

  it('talk: no genre, notice "not-music", and an earlier guess is dropped', () => {
    const d = new LiveDecision(2, detector);
    d.step(window(1));
    d.accept([0.9, 0.1]);
    let action = d.step(window(-1));
    for (let i = 0; i < 4; i++) action = d.step(window(-1));
    assert.equal(action, 'skip');
    assert.equal(d.notice, 'not-music');
    assert.equal(d.evidence.topIndex, -1);
  });

  it('talk giving way to music restarts the window once, then classifies', () => {
    const d = new LiveDecision(2, detector);
    for (let i = 0; i < 15; i++) d.step(window(-1));
    const actions: string[] = [];
    for (let i = 0; i < 6; i++) actions.push(d.step(window(1)));
    const first = actions.indexOf('restart');
    assert.ok(first >= 0 && first <= 3, actions.join(','));
    assert.deepEqual(actions.slice(first + 1), new Array(actions.length - first - 1).fill('classify'));
  });

  it('quiet windows are skipped with notice "quiet" and do not move the detector', () => {
    const d = new LiveDecision(2, detector);
    for (let i = 0; i < 5; i++) assert.equal(d.step(window(-1, 0.0001)), 'skip');
    assert.equal(d.notice, 'quiet');
    assert.equal(d.musicProbability, undefined);
    assert.equal(d.step(window(1)), 'classify');
  });

  it('without a detector (an older model) everything is music', () => {
    const d = new LiveDecision(2, undefined);
    assert.equal(d.step(window(-5)), 'classify');
  });
});

describe('leading digital silence', () => {
  it('is dropped up to the limit, then everything passes; reset starts over', () => {
    const trimmer = new LeadingSilenceTrimmer(10);
    assert.equal(trimmer.trim(new Float32Array(4)).length, 0);
    const sound = Float32Array.from([0, 0, 0.5, 0, 0.25]);
    assert.deepEqual(Array.from(trimmer.trim(sound)), [0.5, 0, 0.25]);
    assert.equal(trimmer.trim(new Float32Array(3)).length, 3, 'zeros after the first sound are kept');
    trimmer.reset();
    assert.equal(trimmer.trim(new Float32Array(6)).length, 0);
    assert.equal(trimmer.trim(new Float32Array(6)).length, 2, 'at most 10 samples dropped: a silent video still gets quiet windows');
  });
});
