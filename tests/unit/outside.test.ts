/** "Not one of the five": the live decision's smoothing, hysteresis and naming, the badge's words, one home for genre facts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIVE_GENRES, GENRES, genreFacts, matchGenre, OUTSIDE, OUTSIDE_GENRES } from '../../src/core/genres.ts';
import { FIVE_CLASS, isOutsideModel, OutsideGate, type OutsideModel } from '../../src/core/outside.ts';
import { genreStyle } from '../../src/shared/genreStyle.ts';
import { present } from '../../src/shared/presentation.ts';
import { english } from '../../tools/lib/messages.ts';

const MODEL: OutsideModel = { classes: [FIVE_CLASS, 'Pop', 'Jazz'], enterAbove: 0.7, leaveBelow: 0.6, nameAbove: 0.6 };

describe('outside the five', () => {
  it('says "outside" only once the smoothed share stays above the line, and leaves it with hysteresis', () => {
    const gate = new OutsideGate(MODEL);
    gate.push([0.9, 0.05, 0.05]);
    assert.equal(gate.shown(), undefined);
    gate.push([0.1, 0.8, 0.1]); // one odd window does not flip it
    assert.equal(gate.shown(), undefined);
    for (let i = 0; i < 6; i++) gate.push([0.1, 0.8, 0.1]);
    assert.equal(gate.shown()?.genre, 'Pop');
    gate.push([0.45, 0.4, 0.15]); // the share dips to ~0.6x: still outside (hysteresis)
    assert.ok(gate.shown());
    for (let i = 0; i < 6; i++) gate.push([0.95, 0.03, 0.02]);
    assert.equal(gate.shown(), undefined);
  });

  it('names a genre only when it holds enough of the outside share', () => {
    const gate = new OutsideGate(MODEL);
    for (let i = 0; i < 8; i++) gate.push([0.05, 0.5, 0.45]);
    const shown = gate.shown();
    assert.ok(shown);
    assert.equal(shown.genre, undefined, 'Pop 53% of the share is under the 60% line');
    assert.ok(shown.probability > 0.9);
    gate.reset();
    assert.equal(gate.shown(), undefined);
  });

  it('model.json blocks are checked', () => {
    assert.ok(isOutsideModel(MODEL));
    assert.ok(!isOutsideModel({ ...MODEL, classes: ['Pop', 'Jazz'] }));
    assert.ok(!isOutsideModel({ ...MODEL, leaveBelow: 0.8 }));
    assert.ok(!isOutsideModel({ ...MODEL, nameAbove: 2 }));
  });

  it('the badge says it, named or not', () => {
    const base = { state: 'ready' as const, genre: 'Rock', confidence: 0.8, unsure: false, notice: undefined };
    assert.equal(present({ ...base, outside: { genre: 'Jazz' } }, english).label, 'Jazz · not one of the 5');
    assert.equal(present({ ...base, outside: {} }, english).label, 'Not one of the 5');
    assert.equal(present(base, english).label, 'Rock · 80%');
  });
});

describe('genre facts have one home', () => {
  it('names, toolbar labels, colours and AudioSet classes come from src/core/genres.ts', () => {
    assert.deepEqual([...GENRES], FIVE_GENRES.map((g) => g.name));
    for (const g of [...FIVE_GENRES, ...OUTSIDE_GENRES, OUTSIDE]) {
      assert.deepEqual(genreStyle(g.name), { short: g.short, color: g.color });
      assert.ok(g.short.length <= 4, `${g.name}: toolbar label ${g.short}`);
    }
    assert.equal(matchGenre('Soul-RnB', OUTSIDE_GENRES.map((g) => g.name)), 'R&B/Soul');
    assert.equal(genreFacts('Polka'), undefined);
  });
});
