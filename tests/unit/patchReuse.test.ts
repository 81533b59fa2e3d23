/**
 * Reused patch scores (src/core/patchReuse.ts): the rule, and that the tools' replay of stored
 * patches shows exactly what the live session shows while it skips the network — so every figure
 * `train` and `evaluate` report is of what the engine does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveSession, replayWindows, type Shown } from '../../src/core/liveSession.ts';
import type { PatchNetwork, PatchOutput } from '../../src/core/patchPipeline.ts';
import { NETWORK_EVERY, REUSE, reuseRule, SETTLE_PATCHES, withReusedScores } from '../../src/core/patchReuse.ts';
import { FEATURE_SPEC } from '../../src/core/spec.ts';
import { decodeFile } from '../../tools/lib/audio/decode.ts';
import { windowsOf } from '../../tools/lib/model/features.ts';
import { patchOutputs } from '../../tools/lib/model/patchOutputs.ts';
import { loadModel } from '../../tools/lib/model/modelFiles.ts';

describe('patch reuse', () => {
  it('runs the network on a stream\'s first patches, then on one in NETWORK_EVERY; reused patches keep their own loudness', () => {
    const rule = reuseRule(3, 2);
    assert.deepEqual(
      Array.from({ length: 9 }, (_, i) => rule(i)),
      [false, false, false, false, true, false, true, false, true],
    );
    const patches: PatchOutput[] = Array.from({ length: 6 }, (_, i) => ({ scores: Float32Array.of(i), meanSquare: i / 10 }));
    const seen = withReusedScores(patches, rule);
    assert.deepEqual(
      seen.map((p) => [p.scores[0], p.meanSquare]),
      [
        [0, 0],
        [1, 0.1],
        [2, 0.2],
        [3, 0.3],
        [3, 0.4],
        [5, 0.5],
      ],
    );
    assert.ok(NETWORK_EVERY >= 2, 'the shipped rule skips');
    // Every patch the 30 s reading (train, evaluate, README) is made of runs the network.
    const { patchSamples, patchHop, sampleRate } = FEATURE_SPEC;
    const readAt30 = Math.floor((30 * sampleRate - patchSamples) / patchHop);
    assert.ok(SETTLE_PATCHES > readAt30, `patch ${readAt30} ends by 30 s and must not reuse`);
  });

  it('the live session runs the network where REUSE says and shows what the tools replay from stored patches', { timeout: 300_000 }, async () => {
    const model = await loadModel();
    // A minute: past the stream's settling, where scores start being reused.
    const clip = await decodeFile('assets/demo/electronic.opus');
    const audio = { sampleRate: clip.sampleRate, samples: new Float32Array(clip.samples.length * 2) };
    audio.samples.set(clip.samples);
    audio.samples.set(clip.samples, clip.samples.length);
    let runs = 0;
    const counted: PatchNetwork = (patch) => {
      runs++;
      return model.network(patch);
    };
    const session = new LiveSession(model.info, model.predict, counted, { inputRate: audio.sampleRate, predictOutside: model.predictOutside });
    const live: Shown[] = [];
    for (let at = 0; at < audio.samples.length; at += audio.sampleRate) live.push(...(await session.push(audio.samples.subarray(at, at + audio.sampleRate))));

    const patches = await patchOutputs(audio.samples, audio.sampleRate);
    assert.equal(live.length, patches.length, 'one window per patch');
    assert.equal(runs, patches.filter((_, i) => !REUSE(i)).length, 'the network ran only on the patches the rule keeps');
    assert.ok(runs < patches.length * 0.75, `${runs} network runs for ${patches.length} patches`);
    const replay = await replayWindows(model.info, windowsOf(patches), model.predict, model.predictOutside);
    replay.forEach((shown, i) => {
      const got = live[i]!;
      assert.equal(got.top, shown.top, `window ${i}: top`);
      assert.equal(got.state, shown.state, `window ${i}: state`);
      assert.equal(Boolean(got.outside), Boolean(shown.outside), `window ${i}: outside`);
      assert.ok(Math.abs(got.confidence - shown.confidence) < 1e-5, `window ${i}: confidence ${got.confidence} vs ${shown.confidence}`);
    });
  });
});
