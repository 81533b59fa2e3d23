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
  /** Elements a page script already routed through its own graph. */
  claimed = new Set<unknown>();
  streamsCreated = 0;
  createMediaElementSource(element: unknown) {
    if (this.claimed.has(element)) throw Object.assign(new Error('already connected'), { name: 'InvalidStateError' });
    this.sourcesCreated++;
    return new FakeNode();
  }
  lastStreamSource: FakeNode | undefined;
  createMediaStreamSource(_stream: unknown) {
    this.streamsCreated++;
    this.lastStreamSource = new FakeNode();
    return this.lastStreamSource;
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
    assert.equal(await tap.tap(video()), 'waiting');
    assert.equal(context.sourcesCreated, 0);
    assert.ok(context.resumeCalls >= 1);
  });

  it('routes it once the context may run, with one source node per element, ever', async () => {
    const { context, tap } = make();
    const first = video();
    assert.equal(await tap.tap(first), 'waiting');
    context.allowed = true; // a user gesture
    assert.equal(await tap.tap(first), 'tapped');
    assert.equal(context.sourcesCreated, 1);
    const second = video();
    assert.equal(await tap.tap(second), 'tapped');
    assert.equal(await tap.tap(first), 'tapped');
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

  it('falls back to the captured stream when the page owns the element, and never connects that to the speakers', async () => {
    const { context, tap } = make();
    context.allowed = true;
    const claimed = { captureStream: () => ({ getAudioTracks: () => [{}], addEventListener() {} }) } as unknown as HTMLMediaElement;
    context.claimed.add(claimed);
    assert.equal(await tap.tap(claimed), 'tapped');
    assert.equal(tap.tapKind, 'stream');
    assert.equal(context.streamsCreated, 1);
    const outputs = [...context.lastStreamSource!.connections];
    assert.equal(outputs.length, 1, 'connected to the capture worklet only');
    assert.notEqual(outputs[0], context.destination, 'the element already plays itself: not a second time through us');
  });

  it('says unavailable, routing nothing, for a claimed element with no stream to capture and for a cross-origin source', async () => {
    const { context, tap } = make();
    context.allowed = true;
    const claimed = {} as HTMLMediaElement;
    context.claimed.add(claimed);
    assert.equal(await tap.tap(claimed), 'unavailable');
    Object.assign(globalThis, { location: new URL('https://www.youtube.com/watch?v=abcdefghijk') });
    try {
      const foreign = { currentSrc: 'https://cdn.example.com/a.mp4', crossOrigin: null } as unknown as HTMLMediaElement;
      assert.equal(await tap.tap(foreign), 'unavailable');
      assert.equal(context.sourcesCreated, 0);
    } finally {
      delete (globalThis as { location?: unknown }).location;
    }
  });
});

describe('YouTube video ids', () => {
  it('come from watch, Shorts, live and embed URLs, and only as 11 characters of [A-Za-z0-9_-]', async () => {
    const { videoIdOf } = await import('../../src/content/youtubePage.ts');
    const { isVideoId } = await import('../../src/shared/youtube.ts');
    assert.equal(videoIdOf('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3'), 'dQw4w9WgXcQ');
    assert.equal(videoIdOf('https://www.youtube.com/shorts/abcdefghijk'), 'abcdefghijk');
    assert.equal(videoIdOf('https://www.youtube.com/live/a_b-c_d-e_f'), 'a_b-c_d-e_f');
    assert.equal(videoIdOf('https://www.youtube.com/embed/ABCDEFGHIJK?autoplay=1'), 'ABCDEFGHIJK');
    assert.equal(videoIdOf('https://www.youtube.com/watch?v=short'), '');
    assert.equal(videoIdOf(`https://www.youtube.com/watch?v=${'A'.repeat(1e5)}`), '');
    assert.equal(videoIdOf('https://www.youtube.com/feed/home'), '');
    assert.equal(videoIdOf('not a url'), '');
    assert.equal(isVideoId('abc<script>'), false);
    assert.equal(isVideoId(42), false);
  });
});
