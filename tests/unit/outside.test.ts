/** "Not one of the five": the posterior over all music, hysteresis and naming, the badge's words, one home for genre facts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIVE_GENRES, GENRES, genreFacts, matchGenre, OUTSIDE, OUTSIDE_GENRES } from '../../src/core/genres.ts';
import { FIVE_CLASS, isOutsideModel, OUTSIDE_MIN_WINDOWS, OutsideGate, type OutsideModel } from '../../src/core/outside.ts';
import { posterior } from '../../src/core/calibration.ts';
import { genreStyle } from '../../src/shared/genreStyle.ts';
import { present } from '../../src/shared/presentation.ts';
import { english } from '../../tools/lib/messages.ts';

const MODEL: OutsideModel = { classes: [FIVE_CLASS, 'Pop', 'Jazz'], enterAbove: 0.7, leaveBelow: 0.6, nameAbove: 0.6 };

describe('outside the five', () => {
  it('says "outside" once the calibrated share reaches the line, and leaves it with hysteresis', () => {
    const gate = new OutsideGate(MODEL);
    gate.update(Float64Array.of(0.9, 0.05, 0.05), 1);
    assert.equal(gate.shown(), undefined);
    gate.update(Float64Array.of(0.25, 0.65, 0.1), OUTSIDE_MIN_WINDOWS - 1);
    assert.equal(gate.shown(), undefined, 'not from the first windows alone');
    gate.update(Float64Array.of(0.25, 0.65, 0.1), OUTSIDE_MIN_WINDOWS);
    assert.equal(gate.shown()?.genre, 'Pop');
    gate.update(Float64Array.of(0.35, 0.5, 0.15), OUTSIDE_MIN_WINDOWS + 1); // the share dips to 0.65: still outside (hysteresis)
    assert.ok(gate.shown());
    gate.update(Float64Array.of(0.5, 0.3, 0.2), OUTSIDE_MIN_WINDOWS + 2);
    assert.equal(gate.shown(), undefined);
  });

  it('names a genre only when it holds enough of the outside share', () => {
    const gate = new OutsideGate(MODEL);
    gate.update(Float64Array.of(0.05, 0.5, 0.45), OUTSIDE_MIN_WINDOWS);
    const shown = gate.shown();
    assert.ok(shown);
    assert.equal(shown.genre, undefined, 'Pop 53% of the share is under the 60% line');
    assert.ok(shown.probability > 0.9);
    gate.reset();
    assert.equal(gate.shown(), undefined);
  });

  it('one posterior over all music: P(genre) = P(one of the five) · P(genre | one of the five)', () => {
    const p = posterior([0.9, 0.1], [0.4, 0.6], { power: 1, outsidePower: 1, unsureBelow: 0.3 });
    assert.deepEqual(Array.from(p.genres, (v) => +v.toFixed(6)), [0.36, 0.04]);
    assert.equal(+p.outsideProbability.toFixed(6), 0.6);
    const alone = posterior([0.9, 0.1], undefined, { power: 1, unsureBelow: 0.3 });
    assert.deepEqual(Array.from(alone.genres, (v) => +v.toFixed(6)), [0.9, 0.1]);
    assert.equal(alone.outsideProbability, 0);
    const sharper = posterior([0.6, 0.4], [0.5, 0.5], { power: 2, outsidePower: 2, unsureBelow: 0 });
    assert.ok(sharper.genres[0]! > 0.5 * 0.6, 'each head has its own power');
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
