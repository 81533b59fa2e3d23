import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_AD_SPANS, StitchedAdClock } from '../../src/content/stitchedAdClock.ts';

describe('stitched ad clock', () => {
  it('without ads, element time is video time', () => {
    const clock = new StitchedAdClock();
    assert.equal(clock.toVideoTime(42), 42);
    assert.equal(clock.toElementTime(42), 42);
    assert.equal(clock.adSeconds, 0);
  });

  it('a 15 s pre-roll and a 20 s mid-roll in the stream: times map both ways', () => {
    const clock = new StitchedAdClock();
    clock.adStarted(0, 'blob:a');
    clock.adEnded(15, 'blob:a');
    // Mid-roll at video time 60 = element time 75.
    clock.adStarted(75, 'blob:a');
    clock.adEnded(95, 'blob:a');
    assert.equal(clock.adSeconds, 35);
    assert.equal(clock.toVideoTime(15), 0);
    assert.equal(clock.toVideoTime(45), 30);
    assert.equal(clock.toVideoTime(85), 60, 'inside the mid-roll: where the video stopped');
    assert.equal(clock.toVideoTime(100), 65);
    assert.equal(clock.toElementTime(0), 15);
    assert.equal(clock.toElementTime(30), 45);
    assert.equal(clock.toElementTime(60), 95, 'a seek to where the mid-roll was lands after it');
    assert.equal(clock.toElementTime(65), 100);
    for (const t of [0, 12.5, 59.9, 61, 300]) assert.ok(Math.abs(clock.toVideoTime(clock.toElementTime(t)) - t) < 1e-9, String(t));
  });

  it('an ad that swapped the source, or ended in another stream, is not counted', () => {
    const clock = new StitchedAdClock();
    clock.adStarted(30, 'https://a/video');
    clock.adEnded(45, 'https://a/ad');
    assert.equal(clock.adSeconds, 0);
    clock.adStarted(30, 'https://a/video');
    clock.reset(); // the ad's own source loaded
    clock.adEnded(45, 'https://a/video');
    assert.equal(clock.adSeconds, 0);
    clock.adStarted(30, 'https://a/video');
    clock.adEnded(30, 'https://a/video'); // back where it was: nothing played in the stream
    assert.equal(clock.adSeconds, 0);
  });

  it('overlapping ads merge (no time taken off twice, never a negative time) and spans are capped', () => {
    const clock = new StitchedAdClock();
    clock.adStarted(10, 'blob:a');
    clock.adEnded(30, 'blob:a');
    clock.adStarted(0, 'blob:a'); // a page rewinding and toggling the ad class again
    clock.adEnded(25, 'blob:a');
    assert.equal(clock.adSeconds, 30, 'one span, 0–30');
    assert.equal(clock.toVideoTime(20), 0);
    assert.equal(clock.toVideoTime(40), 10);
    for (let i = 0; i < 20000; i++) {
      clock.adStarted(100 + i * 2, 'blob:a');
      clock.adEnded(101 + i * 2, 'blob:a');
    }
    assert.ok(clock.adSeconds <= 30 + MAX_AD_SPANS, `capped: ${clock.adSeconds} s of ads`);
    for (const t of [0, 5, 50, 200, 5000, 50000]) assert.ok(clock.toVideoTime(t) >= 0, String(t));
  });
});
