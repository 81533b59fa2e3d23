/** The one rate limiter: the first at once, then one trailing run per interval with the newest state. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Throttle, type ThrottleClock } from '../../src/shared/throttle.ts';

function fakeClock() {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      const i = timers.indexOf(handle as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      now = next.at;
      next.run();
    }
    now = end;
  };
  return { clock, advance };
}

it('runs the first request at once, then at most once per interval, the trailing run seeing the newest state', () => {
  const { clock, advance } = fakeClock();
  const runs: { at: number; value: number }[] = [];
  let value = 0;
  const throttle = new Throttle(500, () => runs.push({ at: clock.now(), value }), clock);
  for (let i = 1; i <= 2000; i++) {
    value = i;
    throttle.request();
    advance(1); // 2000 requests in 2 s
  }
  advance(1000);
  assert.equal(runs[0]!.at, 0, 'the first at once');
  for (let i = 1; i < runs.length; i++) assert.ok(runs[i]!.at - runs[i - 1]!.at >= 500, 'one run per interval');
  assert.ok(runs.length <= 5, `${runs.length} runs`);
  assert.equal(runs.at(-1)!.value, 2000, 'the last state arrives');
});

it('a scheduled run can be cancelled; the result of an immediate run is returned', () => {
  const { clock, advance } = fakeClock();
  let count = 0;
  const throttle = new Throttle(100, () => ++count, clock);
  assert.equal(throttle.request(), 1);
  assert.equal(throttle.request(), undefined);
  assert.equal(throttle.waiting, true);
  throttle.cancel();
  advance(500);
  assert.equal(count, 1);
  assert.equal(throttle.waiting, false);
});
