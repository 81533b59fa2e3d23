import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GenreTimeline } from '../../src/core/timeline.ts';

it('merges consecutive guesses of one genre into a section placed at the window centres', () => {
  const t = new GenreTimeline();
  for (let s = 10; s <= 20; s++) t.add(s, 10, 'Rock');
  assert.deepEqual(t.all, [{ genre: 'Rock', start: 5, end: 15.5 }]);
});

it('a genre change starts a new section where the old one ends', () => {
  const t = new GenreTimeline();
  for (let s = 10; s <= 14; s++) t.add(s, 10, 'Classical');
  for (let s = 15; s <= 18; s++) t.add(s, 10, 'Electronic');
  assert.deepEqual(
    t.all.map((x) => x.genre),
    ['Classical', 'Electronic'],
  );
  assert.equal(t.all[0]!.end, t.all[1]!.start);
});

it('a seek leaves a gap instead of stretching a section across it', () => {
  const t = new GenreTimeline();
  t.add(8, 5, 'Folk');
  t.add(9, 6, 'Folk');
  t.add(40, 3, 'Folk');
  assert.equal(t.all.length, 2);
  assert.ok(t.all[0]!.end < 10);
});

it('ignores non-finite times', () => {
  const t = new GenreTimeline();
  t.add(Number.NaN, 10, 'Rock');
  assert.equal(t.all.length, 0);
});

it('guesses that arrive late, together (the engine behind on a loaded machine), stay in one section per genre', () => {
  // What npm test saw once on a busy machine: the popup showed Classical, Classical, Electronic.
  const t = new GenreTimeline();
  t.add(3, 1, 'Classical'); // the first guess arrives 2 s late
  t.add(3, 2, 'Classical'); // and the next with it: its centre is earlier than the first's
  t.add(3.1, 3, 'Classical');
  for (let s = 4; s <= 12; s++) t.add(s, Math.min(10, s), 'Classical');
  t.add(24, 1, 'Electronic');
  t.add(24, 2, 'Electronic');
  assert.deepEqual(
    t.all.map((s) => s.genre),
    ['Classical', 'Electronic'],
  );
  const [classical, electronic] = t.all;
  assert.ok(classical!.start <= 2 && classical!.end <= electronic!.start);
});
