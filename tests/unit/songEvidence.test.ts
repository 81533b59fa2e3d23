import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SongEvidence } from '../../src/core/songEvidence.ts';

it('the first window is shown as is', () => {
  const s = new SongEvidence(3);
  assert.equal(s.topIndex, -1);
  s.push([0.2, 0.7, 0.1]);
  assert.equal(s.topIndex, 1);
  assert.deepEqual(Array.from(s.probabilities!), [0.2, 0.7, 0.1]);
});

it('the evidence is the mean of every window since the song began', () => {
  const s = new SongEvidence(2, 2);
  s.push([0.8, 0.2], [0.9, 0.1]);
  s.push([0.6, 0.4], [0.5, 0.5]);
  s.push([0.4, 0.6], [0.7, 0.3]);
  assert.deepEqual(Array.from(s.probabilities!, (v) => +v.toFixed(6)), [0.6, 0.4]);
  assert.deepEqual(Array.from(s.outside!, (v) => +v.toFixed(6)), [0.7, 0.3]);
  assert.equal(s.windows, 3);
});

it('a few contrary windows in a long song do not flip the answer (the last 10 s alone would)', () => {
  const s = new SongEvidence(2);
  for (let i = 0; i < 20; i++) s.push([0.7, 0.3]);
  for (let i = 0; i < 2; i++) s.push([0.2, 0.8]);
  assert.equal(s.topIndex, 0);
  assert.equal(s.changes, 0);
});

it('a lasting change of character starts a new segment: the new music is shown within a few windows', () => {
  const s = new SongEvidence(2, 2);
  for (let i = 0; i < 20; i++) s.push([0.9, 0.1], [0.9, 0.1]);
  let shownAfter = -1;
  for (let i = 1; i <= 10 && shownAfter < 0; i++) {
    s.push([0.1, 0.9], [0.9, 0.1]);
    if (s.topIndex === 1) shownAfter = i;
  }
  assert.equal(s.changes, 1);
  assert.ok(shownAfter > 0 && shownAfter <= 8, `new genre shown after ${shownAfter} windows`);
  assert.ok(s.windows < 10, 'the evidence restarted');
});

it('a change seen only by the outside head starts a new segment too', () => {
  const s = new SongEvidence(2, 2);
  for (let i = 0; i < 20; i++) s.push([0.9, 0.1], [0.95, 0.05]);
  for (let i = 0; i < 10; i++) s.push([0.9, 0.1], [0.05, 0.95]);
  assert.equal(s.changes, 1);
  assert.ok(s.outside![1]! > 0.5);
});

it('near-ties do not flicker between two genres', () => {
  const s = new SongEvidence(2);
  const flips: number[] = [];
  for (let i = 0; i < 40; i++) {
    s.push(i % 2 ? [0.52, 0.48] : [0.47, 0.53]);
    flips.push(s.topIndex);
  }
  assert.equal(new Set(flips).size, 1);
});

it('reset forgets everything', () => {
  const s = new SongEvidence(2, 2);
  s.push([1, 0], [1, 0]);
  s.reset();
  assert.equal(s.topIndex, -1);
  assert.equal(s.probabilities, undefined);
  assert.equal(s.outside, undefined);
  assert.equal(s.windows, 0);
});
