/** Hostile inputs against the one validation module every context uses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAudioPortRequest, isBackgroundRequest, isGenreReport, isTimeline, MAX_CHUNK_SAMPLES } from '../../src/shared/validate.ts';

const GENRES = ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'];
const report = (over: Record<string, unknown> = {}) => ({
  tabId: 3,
  frameId: 0,
  state: 'ready',
  genre: 'Rock',
  genres: GENRES,
  probabilities: [0.6, 0.1, 0.1, 0.1, 0.1],
  confidence: 0.6,
  secondsHeard: 10,
  videoId: 'dQw4w9WgXcQ',
  updatedAt: Date.now(),
  ...over,
});

describe('validation', () => {
  it('accepts what the extension itself sends', () => {
    assert.ok(isGenreReport(report(), GENRES));
    assert.ok(isAudioPortRequest({ type: 'audio/start', videoId: 'dQw4w9WgXcQ', windowSeconds: 10 }));
    assert.ok(isAudioPortRequest({ type: 'audio/chunk', samples: new Float32Array(16000) }));
    assert.ok(isAudioPortRequest({ type: 'audio/chunk', samples: 'AAAA' }));
    assert.ok(isAudioPortRequest({ type: 'audio/reset', videoId: '' }));
    assert.ok(isAudioPortRequest({ type: 'audio/silence' }));
    assert.ok(isTimeline({ videoId: 'dQw4w9WgXcQ', duration: 200, sections: [{ genre: 'Rock', start: 1, end: 5 }] }));
  });

  it('rejects reports with wrong states, genres, probabilities, strings or ids', () => {
    for (const bad of [
      { state: 'hacked' },
      { genre: 'Polka' },
      { genres: [...GENRES, 'Polka'] },
      { probabilities: [0.5, 0.5] },
      { probabilities: [Number.NaN, 0, 0, 0, 0] },
      { probabilities: [2, 0, 0, 0, 0] },
      { confidence: Number.POSITIVE_INFINITY },
      { message: 'x'.repeat(3e6) },
      { videoId: 'A'.repeat(1e6) },
      { videoId: '<script>x</script>' },
      { tabId: -1 },
      { tabId: 1.5 },
      { notice: 'pwned' },
    ]) {
      assert.equal(isGenreReport(report(bad), GENRES), false, JSON.stringify(bad).slice(0, 60));
    }
    assert.equal(isGenreReport(report({ genres: ['A', 'B', 'C', 'D', 'E'], genre: 'A' }), GENRES), false, 'genres must be the model\'s');
    for (const bad of [null, undefined, 42, 'report', [], { ...report(), genres: 'Rock' }]) assert.equal(isGenreReport(bad), false);
  });

  it('rejects out-of-range audio messages and oversized chunks', () => {
    for (const bad of [
      { type: 'audio/start', videoId: '', windowSeconds: Number.NaN },
      { type: 'audio/start', videoId: '', windowSeconds: 1e5 },
      { type: 'audio/start', videoId: 'x'.repeat(12), windowSeconds: 10 },
      { type: 'audio/chunk', samples: new Float32Array(MAX_CHUNK_SAMPLES + 1) },
      // Firefox clones the whole buffer behind a view: a short view over a huge buffer is refused.
      { type: 'audio/chunk', samples: new Float32Array(new ArrayBuffer(MAX_CHUNK_SAMPLES * 4 * 64), 0, 16000) },
      { type: 'audio/chunk', samples: 'A'.repeat(64 * 2 ** 20) },
      { type: 'audio/chunk', samples: [1, 2, 3] },
      { type: 'audio/eval', code: '1' },
    ]) {
      assert.equal(isAudioPortRequest(bad), false, JSON.stringify(bad).slice(0, 80));
    }
  });

  it('rejects unknown or malformed background requests and timelines', () => {
    assert.equal(isBackgroundRequest({ type: 'tab/state', state: 'paused' }), false, 'a frame\'s state comes from engine reports only');
    assert.equal(isBackgroundRequest({ type: 'storage/clear' }), false);
    assert.ok(isBackgroundRequest({ type: 'engine/idle' }), 'the engine asks to be closed');
    assert.equal(isBackgroundRequest({ type: 'engine/report', report: report({ message: 'x'.repeat(1000) }) }), false);
    assert.equal(isTimeline({ videoId: 'dQw4w9WgXcQ', duration: 10, sections: Array(501).fill({ genre: 'Rock', start: 0, end: 1 }) }), false);
    assert.equal(isTimeline({ videoId: 'dQw4w9WgXcQ', duration: 10, sections: [{ genre: 'Rock', start: 5, end: 1 }] }), false);
  });
});
