/** The content script's engine controls: merged into what they amount to, at most two per 250 ms. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { CONTROL_INTERVAL_MS, type ControlMessage, ControlGate, coalesceControls } from '../../src/content/controlGate.ts';

const start = (videoId: string, windowSeconds = 10): ControlMessage => ({ type: 'audio/start', videoId, windowSeconds });
const reset = (videoId: string): ControlMessage => ({ type: 'audio/reset', videoId });
const pause: ControlMessage = { type: 'audio/pause' };
const stop: ControlMessage = { type: 'audio/stop' };

describe('coalesceControls', () => {
  it('keeps what the run amounts to', () => {
    assert.deepEqual(coalesceControls([]), []);
    assert.deepEqual(coalesceControls([pause, start('a'), pause, start('a')]), [start('a')], 'pause/play in a loop, ending playing');
    assert.deepEqual(coalesceControls([start('a'), pause, start('a'), pause]), [start('a'), pause], 'ending paused: the window restarts, then pauses');
    assert.deepEqual(coalesceControls([reset('a'), reset('b'), reset('a')]), [reset('a')], 'seeks and id changes: one restart with the last id');
    assert.deepEqual(coalesceControls([start('a', 5), reset('b')]), [start('b', 5)], 'a start keeps its settings, with the newest id');
    assert.deepEqual(coalesceControls([reset('a'), pause]), [reset('a'), pause], 'a seek while paused stays paused');
    assert.deepEqual(coalesceControls([start('a'), stop]), [stop]);
    assert.deepEqual(coalesceControls([stop, reset('a')]), [stop], 'nothing restarts a stopped frame but a start');
    assert.deepEqual(coalesceControls([stop, start('b')]), [start('b')]);
  });

  it('merging step by step gives what merging the whole run gives', () => {
    const all = [start('a'), pause, reset('b'), start('c', 5), pause, stop, reset('d'), start('e'), reset('f'), pause, reset('g')];
    for (let n = 1; n <= all.length; n++) {
      const run = all.slice(0, n);
      let merged: ControlMessage[] = [];
      for (const control of run) merged = coalesceControls([...merged, control]);
      assert.deepEqual(merged, coalesceControls(run), `after ${n}`);
    }
  });
});

describe('ControlGate', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  it('sends the first at once and merges a flood into at most two per interval, ending in the right state', () => {
    const sent: ControlMessage[] = [];
    const gate = new ControlGate((c) => sent.push(c));
    gate.push(start('a'));
    assert.deepEqual(sent, [start('a')]);
    // 1000 toggles over 2 s (pause, play, seek, …), as a page calling pause()/play() in a loop does, ending with a play.
    for (let i = 0; i < 1000; i++) {
      gate.push(i % 3 === 1 ? pause : i % 3 === 0 ? start('a') : reset('a'));
      assert.ok(gate.waiting);
      mock.timers.tick(2);
    }
    mock.timers.tick(CONTROL_INTERVAL_MS);
    assert.equal(gate.waiting, false);
    assert.ok(sent.length <= 2 * (2000 / CONTROL_INTERVAL_MS + 1) + 1, `${sent.length} sent`);
    // The last pushed was a play (start): playing, window restarted.
    assert.deepEqual(sent.at(-1), start('a'));
  });

  it('a control after a quiet interval goes at once', () => {
    const sent: ControlMessage[] = [];
    const gate = new ControlGate((c) => sent.push(c));
    gate.push(start('a'));
    mock.timers.tick(CONTROL_INTERVAL_MS);
    gate.push(pause);
    assert.deepEqual(sent, [start('a'), pause]);
    assert.equal(gate.waiting, false);
  });
});
