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
