import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GenreSmoother } from '../../src/core/smoothing.ts';

it('the first window is shown as is', () => {
  const s = new GenreSmoother(3);
  assert.equal(s.topIndex, -1);
  s.push([0.2, 0.7, 0.1]);
  assert.equal(s.topIndex, 1);
  assert.deepEqual(Array.from(s.probabilities!), [0.2, 0.7, 0.1]);
});

it('one odd window does not flip the answer; a lasting change does', () => {
  const s = new GenreSmoother(2);
  for (let i = 0; i < 5; i++) s.push([0.8, 0.2]);
  s.push([0.1, 0.9]);
  assert.equal(s.topIndex, 0, 'a single contrary window is absorbed');
  for (let i = 0; i < 4; i++) s.push([0.1, 0.9]);
  assert.equal(s.topIndex, 1);
});

it('near-ties do not flicker between two genres', () => {
  const s = new GenreSmoother(2);
  const flips: number[] = [];
  for (let i = 0; i < 40; i++) {
    s.push(i % 2 ? [0.52, 0.48] : [0.47, 0.53]);
    flips.push(s.topIndex);
  }
  assert.equal(new Set(flips).size, 1);
});

it('reset forgets everything', () => {
  const s = new GenreSmoother(2);
  s.push([1, 0]);
  s.reset();
  assert.equal(s.topIndex, -1);
  assert.equal(s.probabilities, undefined);
});
