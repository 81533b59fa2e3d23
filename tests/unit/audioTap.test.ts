/**
 * The audio tap's promise to never silence a video, with a fake Web Audio
 * graph: Chromium lets extension content scripts start an AudioContext without
 * a user gesture, so a suspended context cannot be provoked in the browser tests.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AudioTap } from '../../src/content/audioTap.ts';

class FakeNode {
  connections = new Set<unknown>();
  connect(target: unknown) {
    this.connections.add(target);
    return target;
  }
  disconnect(target: unknown) {
    this.connections.delete(target);
  }
}

class FakeContext extends EventTarget {
  state: AudioContextState = 'suspended';
  sampleRate = 48000;
  destination = new FakeNode();
  sourcesCreated = 0;
  resumeCalls = 0;
  /** Whether resume() may succeed (a user gesture happened). */
  allowed = false;
  audioWorklet = { addModule: async () => undefined };
  resume() {
    this.resumeCalls++;
    if (!this.allowed) return new Promise<void>(() => undefined); // pending forever, like Chrome without a gesture
    this.state = 'running';
    return Promise.resolve();
  }
  createMediaElementSource(_element: unknown) {
    this.sourcesCreated++;
    return new FakeNode();
  }
  suspendNow() {
    this.state = 'suspended';
    this.dispatchEvent(new Event('statechange'));
  }
}

describe('AudioTap', () => {
  before(() => {
    Object.assign(globalThis, {
      AudioWorkletNode: class extends FakeNode {
        port = { onmessage: null };
      },
      GainNode: FakeNode,
    });
  });

  const make = () => {
    const context = new FakeContext();
    const tap = new AudioTap(() => undefined, { workletUrl: 'capture-worklet.js', createContext: () => context as unknown as AudioContext });
    return { context, tap };
  };
  const video = () => ({}) as HTMLMediaElement;

  it('does not route a video while the context cannot run (it would go silent)', async () => {
    const { context, tap } = make();
    assert.equal(await tap.tap(video()), false);
    assert.equal(context.sourcesCreated, 0);
    assert.ok(context.resumeCalls >= 1);
  });

  it('routes it once the context may run, with one source node per element, ever', async () => {
    const { context, tap } = make();
    const first = video();
    assert.equal(await tap.tap(first), false);
    context.allowed = true; // a user gesture
    assert.equal(await tap.tap(first), true);
    assert.equal(context.sourcesCreated, 1);
    const second = video();
    assert.equal(await tap.tap(second), true);
    assert.equal(await tap.tap(first), true);
    assert.equal(context.sourcesCreated, 2, 'the first element reuses its node');
    assert.equal(tap.sourceCount, 2);
  });

  it('resumes a context that gets suspended while videos are routed through it', async () => {
    const { context, tap } = make();
    context.allowed = true;
    await tap.tap(video());
    const before = context.resumeCalls;
    context.suspendNow();
    assert.equal(context.resumeCalls, before + 1);
    assert.equal(context.state, 'running');
  });
});
