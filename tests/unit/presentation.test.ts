/** What the user sees has one rule: every state × answer through `present`, as the badge, toolbar, popup and classify draw it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIVE_GENRES, OUTSIDE } from '../../src/core/genres.ts';
import { type Presentable, type Presentation, present } from '../../src/shared/presentation.ts';
import type { TabState } from '../../src/shared/protocol.ts';
import { english } from '../../tools/lib/messages.ts';

const ROCK = FIVE_GENRES[0].color;
const GREY = '#616161';
const RED = '#b71c1c';
const OUTSIDE_GREY = OUTSIDE.color;
const genres = ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'];
const probabilities = [0.41, 0.3, 0.2, 0.06, 0.03];

const ANSWERS = {
  genre: { genre: 'Rock', confidence: 0.87 },
  unsure: { genre: 'Rock', confidence: 0.41, unsure: true },
  outside: { genre: 'Rock', confidence: 0.41, outside: { genre: 'Jazz' } },
  'not music': { confidence: 0, notice: 'not-music' },
} satisfies Record<string, Omit<Presentable, 'state'>>;

type Row = Omit<Presentation, 'state' | 'toolbar'> & { toolbar: string | undefined };
const listening: Row = { answer: 'none', label: 'Listening…', headline: 'Listening…', genre: undefined, color: GREY, percent: undefined, announcement: '', toolbar: '…|#616161|Genre Lens: listening…' };
const error: Row = { answer: 'none', label: 'Genre Lens: engine error', headline: 'Listening…', genre: undefined, color: RED, percent: undefined, announcement: 'Genre Lens: engine error', toolbar: `!|${RED}|Genre Lens: boom` };
const notMusic: Row = { ...listening, answer: 'not-music', label: 'Not music?', headline: 'Not music?' };

/** Every state × answer: what each surface draws. */
const TABLE: Record<TabState, Record<keyof typeof ANSWERS, Row>> = {
  // Listening has no answer but "not music" (the engine shows no genre while listening).
  listening: { genre: listening, unsure: listening, outside: listening, 'not music': notMusic },
  ready: {
    genre: { answer: 'genre', label: 'Rock · 87%', headline: 'Rock', genre: 'Rock', color: ROCK, percent: '87%', announcement: 'Genre: Rock', toolbar: `ROCK|${ROCK}|Genre Lens: Rock 87%` },
    unsure: { answer: 'unsure', label: 'Unsure · Rock?', headline: 'Rock', genre: 'Rock', color: ROCK, percent: '41%', announcement: 'Genre: Rock', toolbar: `ROCK|${ROCK}|Genre Lens: Rock 41%` },
    outside: { answer: 'outside', label: 'Jazz · not one of the 5', headline: 'Jazz', genre: 'Jazz', color: OUTSIDE_GREY, percent: undefined, announcement: 'Genre: Jazz', toolbar: `JAZZ|${OUTSIDE_GREY}|Jazz · not one of the 5` },
    'not music': notMusic,
  },
  // Paused keeps the answer it had, said after "Paused"; the toolbar is cleared.
  paused: {
    genre: { answer: 'genre', label: 'Paused · Rock · 87%', headline: 'Rock', genre: 'Rock', color: ROCK, percent: '87%', announcement: '', toolbar: undefined },
    unsure: { answer: 'unsure', label: 'Paused · Unsure · Rock?', headline: 'Rock', genre: 'Rock', color: ROCK, percent: '41%', announcement: '', toolbar: undefined },
    outside: { answer: 'outside', label: 'Paused · Jazz · not one of the 5', headline: 'Jazz', genre: 'Jazz', color: OUTSIDE_GREY, percent: undefined, announcement: '', toolbar: undefined },
    'not music': { ...notMusic, label: 'Paused', toolbar: undefined },
  },
  error: { genre: error, unsure: error, outside: error, 'not music': error },
};

function drawn(p: Presentation): Row {
  const { state: _, toolbar, ...rest } = p;
  return { ...rest, toolbar: toolbar && `${toolbar.text}|${toolbar.color}|${toolbar.title}` };
}

describe('present: one rule for the badge, toolbar, popup and classify', () => {
  for (const [state, row] of Object.entries(TABLE) as [TabState, Record<keyof typeof ANSWERS, Row>][]) {
    for (const [answer, expected] of Object.entries(row) as [keyof typeof ANSWERS, Row][]) {
      it(`${state} × ${answer}`, () => {
        const report: Presentable = { state, ...ANSWERS[answer], genres, probabilities, message: 'boom' };
        assert.deepEqual(drawn(present(report, english)), expected);
      });
    }
  }

  it('paused music outside the five still says the outside genre, in its colour (was "Paused · Rock 41%", outside-grey)', () => {
    const shown = present({ state: 'paused', ...ANSWERS.outside }, english);
    assert.equal(shown.label, 'Paused · Jazz · not one of the 5');
    assert.equal(shown.genre, 'Jazz');
    assert.equal(shown.headline, 'Jazz');
    assert.equal(shown.color, OUTSIDE_GREY);
  });

  it('no room in the engine for this player: says so on the badge instead of "Listening…"', () => {
    const shown = present({ state: 'listening', confidence: 0, notice: 'busy' }, english);
    assert.deepEqual([shown.label, shown.answer, shown.genre], ['Too many players at once', 'none', undefined]);
  });

  it('outside the five with no genre named', () => {
    const shown = present({ state: 'ready', genre: 'Rock', confidence: 0.4, outside: {} }, english);
    assert.deepEqual([shown.label, shown.headline, shown.genre, shown.toolbar?.text], ['Not one of the 5', 'Not one of the 5', OUTSIDE.name, OUTSIDE.short]);
  });

  it("the user's colours and top-3 option", () => {
    const prefs = { colors: { Rock: '#123456', Jazz: '#abcdef' }, showTop3: true };
    const ready = present({ state: 'ready', ...ANSWERS.genre, genres, probabilities }, english, prefs);
    assert.equal(ready.label, 'Rock 41% · Hip-Hop 30% · Folk 20%');
    assert.equal(ready.color, '#123456');
    assert.equal(ready.toolbar?.color, '#123456');
    // Top 3 is for a live genre: paused and outside say their answer.
    assert.equal(present({ state: 'paused', ...ANSWERS.genre, genres, probabilities }, english, prefs).label, 'Paused · Rock · 87%');
    const outside = present({ state: 'ready', ...ANSWERS.outside, genres, probabilities }, english, prefs);
    assert.equal(outside.label, 'Jazz · not one of the 5');
    assert.equal(outside.color, OUTSIDE_GREY, 'outside genres keep the outside colour');
  });

  it("a video the content script cannot hear says so", () => {
    assert.equal(present({ state: 'error', confidence: 0, notice: 'no-tap' }, english).label, "Genre Lens: can't listen here");
  });
});
