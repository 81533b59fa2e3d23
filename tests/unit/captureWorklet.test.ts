/**
 * The capture worklet (run here in Node with a stand-in for the AudioWorklet
 * globals) resamples on the audio thread; the engine then analyses its chunks.
 * They must be bit-identical to what the training tools make of the raw audio.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AnalysisInput } from '../../src/core/analysisInput.ts';
import { FEATURE_SPEC } from '../../src/core/spec.ts';
import { base64ToBytes, bytesToBase64 } from '../../src/shared/base64.ts';
import { unpackSamples } from '../../src/shared/protocol.ts';
import { type CaptureProcessor, installWorkletGlobals } from '../../tools/lib/browser/workletHost.ts';
import { decodeFile } from '../../tools/lib/audio/decode.ts';

const RATE = 48000;
const worklet = installWorkletGlobals(globalThis as Record<string, unknown>, RATE);
const { posted } = worklet;
let Capture: new () => CaptureProcessor;

before(async () => {
  await import('../../src/content/captureWorklet.ts');
  Capture = worklet.processor();
});

describe('capture worklet', () => {
  it('stereo in 128-frame quanta → a short chunk, then one a second → the same 16 kHz samples, bit for bit, as the tools make of the raw audio', async () => {
    const audio = await decodeFile('assets/demo/rock.opus');
    assert.equal(audio.sampleRate, RATE);
    const mono = audio.samples.subarray(0, RATE * 8);
    // Stereo whose down-mix is exactly `mono`: left = mono + d, right = mono − d, d a power of two fraction.
    const left = new Float32Array(mono.length);
    const right = new Float32Array(mono.length);
    for (let i = 0; i < mono.length; i++) {
      const d = i % 2 ? 0.125 : -0.125;
      left[i] = mono[i]! + d;
      right[i] = mono[i]! - d;
    }
    const processor = new Capture();
    posted.length = 0;
    for (let at = 0; at + 128 <= mono.length; at += 128) {
      assert.equal(processor.process([[left.subarray(at, at + 128), right.subarray(at, at + 128)]]), true);
    }
    const lengths = posted.map((chunk) => unpackSamples(chunk as string).length);
    assert.deepEqual(lengths.slice(0, 3), [FEATURE_SPEC.patchSamples, FEATURE_SPEC.sampleRate, FEATURE_SPEC.sampleRate], 'a first chunk of one network patch, then one per second');
    const received = lengths.reduce((a, b) => a + b, 0);

    // What the worklet made of the stereo equals the down-mix resampled the same way on the mono side,
    // the samples the tools analyse (so the network sees the same patches), bit for bit.
    const downmixed = new Float32Array(mono.length);
    for (let i = 0; i < mono.length; i++) downmixed[i] = (left[i]! + right[i]!) / 2;
    const trimmed = new AnalysisInput(RATE).process(downmixed);
    assert.equal(lengths.length, 1 + Math.floor((trimmed.length - FEATURE_SPEC.patchSamples) / FEATURE_SPEC.sampleRate), 'every whole chunk of what was heard is posted');
    const expected = trimmed.subarray(0, received);
    const got = new Float32Array(received);
    let at = 0;
    for (const chunk of posted) {
      const samples = unpackSamples(chunk as string);
      got.set(samples, at);
      at += samples.length;
    }
    assert.deepEqual(got, expected);
  });

  it('a restart drops the chunk in progress and starts again with a short one', () => {
    const processor = new Capture();
    posted.length = 0;
    const quantum = new Float32Array(128).fill(0.1);
    for (let i = 0; i < 500; i++) processor.process([[quantum]]); // 1.33 s at 48 kHz: the first (patch-long) chunk, then a partial one
    assert.equal(posted.length, 1);
    processor.port.onmessage!({ data: { type: 'chunks/restart' } });
    for (let i = 0; i < 368; i++) processor.process([[quantum]]); // 0.98 s
    assert.equal(posted.length, 2);
    assert.equal(unpackSamples(posted[1] as string).length, FEATURE_SPEC.patchSamples);
  });

  it('a stream that opens with digital silence: the silence is dropped before the first chunk, which is one patch of sound — after a restart too', () => {
    const processor = new Capture();
    posted.length = 0;
    const silence = new Float32Array(128);
    const sound = new Float32Array(128).fill(0.1);
    for (let i = 0; i < 100; i++) processor.process([[silence]]); // 0.27 s of zeros, as a tap made before the media has data
    assert.equal(posted.length, 0);
    for (let i = 0; i < 368; i++) processor.process([[sound]]); // 0.98 s of sound
    assert.equal(posted.length, 1, 'the first patch is posted as soon as a patch of sound is in');
    const first = unpackSamples(posted[0] as string);
    assert.equal(first.length, FEATURE_SPEC.patchSamples);
    // Sound from its start: only the resampler's ringing at the onset (a few samples) is below the sound's level.
    const quiet = (chunk: Float32Array) => chunk.filter((v) => Math.abs(v) < 0.05).length;
    assert.ok(quiet(first) < 40, `${quiet(first)} samples of silence in the first chunk`);
    for (let i = 0; i < 200; i++) processor.process([[silence]]); // the sound ends (its last chunk is never completed)…
    processor.port.onmessage!({ data: { type: 'chunks/restart' } }); // …a new video starts, still silent
    for (let i = 0; i < 100; i++) processor.process([[silence]]);
    for (let i = 0; i < 368; i++) processor.process([[sound]]);
    assert.equal(posted.length, 2);
    assert.ok(quiet(unpackSamples(posted[1] as string)) < 40);
  });

  it('a render quantum with no input (nothing connected yet) adds no audio: nothing is posted and the first chunk is still one patch', () => {
    const processor = new Capture();
    posted.length = 0;
    for (let i = 0; i < 1000; i++) {
      assert.equal(processor.process([[]]), true, 'the processor stays alive');
      assert.equal(processor.process([]), true);
    }
    assert.equal(posted.length, 0, 'no samples invented for empty quanta');
    const quantum = new Float32Array(128).fill(0.1);
    for (let i = 0; i < 368; i++) processor.process([[quantum]]); // 0.98 s at 48 kHz
    assert.equal(posted.length, 1);
    assert.equal(unpackSamples(posted[0] as string).length, FEATURE_SPEC.patchSamples);
  });
});

describe('base64', () => {
  it('matches Node for every tail length and for a chunk of audio bytes', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'));
    }
    const big = Uint8Array.from({ length: 16001 }, (_, i) => (i * 2654435761) >>> 24);
    assert.equal(bytesToBase64(big), Buffer.from(big).toString('base64'));
  });

  it('decodes what it encodes, and refuses what is not base64', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      assert.deepEqual(base64ToBytes(bytesToBase64(bytes)), bytes);
    }
    assert.throws(() => base64ToBytes('abc'), /multiple of 4/);
    assert.throws(() => base64ToBytes('ab!d'), /not base64/);
    assert.throws(() => base64ToBytes('ab\u0100d'), /not base64/);
  });
});

describe('capture worklet, a muted or silent player', () => {
  it('a chunk of digital silence goes out as a word, not as samples; sound goes out as samples again at once', () => {
    const processor = new Capture();
    posted.length = 0;
    const silence = new Float32Array(128);
    const sound = new Float32Array(128).fill(0.1);
    for (let i = 0; i < 368; i++) processor.process([[sound]]); // 0.98 s: the first chunk, sound
    for (let i = 0; i < 375 * 4; i++) processor.process([[silence, silence]]); // 4 s muted
    const words = posted.filter((m) => typeof m === 'object' && (m as { type?: string }).type === 'silence');
    assert.equal(typeof posted[0], 'string', 'the sound before, as samples');
    // The resampler's tail of the sound ends in the chunk after it; the rest is silence, told in words.
    assert.ok(words.length >= 2 && words.length <= 4, `${words.length} words of silence`);
    assert.ok(posted.slice(2).every((m) => typeof m === 'object'), 'no silent chunk goes out as samples');
    posted.length = 0;
    for (let i = 0; i < 375; i++) processor.process([[sound]]); // unmuted: within a second, samples again
    assert.equal(posted.length, 1);
    assert.equal(typeof posted[0], 'string');
  });
});
