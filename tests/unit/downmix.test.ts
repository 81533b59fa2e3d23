import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downmix } from '../../src/core/downmix.ts';

describe('downmix', () => {
  const left = Float32Array.from([0.5, -0.25, 1, 0.1]);
  const right = Float32Array.from([0.25, 0.25, -1, 0.3]);
  const centre = Float32Array.from([1, 1, 1, 1]);

  it('averages the channels, into a buffer of its own when given one (the worklet\'s quantum)', () => {
    assert.deepEqual([...downmix([left, right])], [0.375, 0, 0, Math.fround(Math.fround(0.1 + 0.3) / 2)]);
    const out = new Float32Array(4).fill(9);
    assert.equal(downmix([left, right, centre], out), out);
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(out[i]! - (left[i]! + right[i]! + centre[i]!) / 3) < 1e-7);
  });

  it('mono: the channel itself, or copied into the buffer; no channels: silence', () => {
    assert.equal(downmix([left]), left);
    const out = new Float32Array(4);
    assert.deepEqual([...downmix([left], out)], [...left]);
    assert.deepEqual([...downmix([], out)], [0, 0, 0, 0]);
  });
});
