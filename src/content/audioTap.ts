/**
 * Taps a <video> element's audio without ever silencing it. The element is
 * routed through one MediaElementAudioSourceNode (a second one would throw),
 * connected to the speakers and to a capture AudioWorklet. A video is only
 * routed while the AudioContext is running: a suspended context would mute it.
 */
import type { WorkletMessage, WorkletRequest } from '../shared/protocol.ts';
import { log } from './log.ts';

export interface AudioTapOptions {
  /** URL of the capture worklet module (an extension resource). */
  workletUrl: string;
  /** Makes the AudioContext (injectable for tests). */
  createContext?: () => AudioContext;
}

export class AudioTap {
  private context: AudioContext | undefined;
  private capture: AudioWorkletNode | undefined;
  private workletLoading: Promise<AudioWorkletNode> | undefined;
  private readonly sources = new WeakMap<HTMLMediaElement, { node: AudioNode; kind: 'element' | 'stream' }>();
  /** How the current video is tapped: its element source (the design), or its captured stream (fallback). */
  tapKind: 'element' | 'stream' | 'none' = 'none';
  private tapped: HTMLMediaElement | undefined;
  /** How many source nodes exist (for leak checks). */
  sourceCount = 0;

  constructor(
    private readonly onSamples: (message: WorkletMessage) => void,
    private readonly options: AudioTapOptions,
  ) {}

  get contextState(): AudioContextState | 'none' {
    return this.context?.state ?? 'none';
  }

  /**
   * Starts capturing `video`. 'waiting': the AudioContext cannot run yet (no user gesture);
   * 'unavailable': this video cannot be tapped (cross-origin, or its audio is already taken
   * and it cannot be captured as a stream).
   */
  async tap(video: HTMLMediaElement): Promise<'tapped' | 'waiting' | 'unavailable'> {
    const context = this.ensureContext();
    if (context.state !== 'running') {
      // Without a user gesture resume() stays pending until one comes: give it a moment only.
      await Promise.race([context.resume().catch(() => undefined), new Promise((r) => setTimeout(r, 50))]);
    }
    if (context.state !== 'running') return 'waiting';
    const capture = await this.ensureCapture(context);
    if (this.tapped === video) return 'tapped';
    this.untap();
    let source = this.sources.get(video);
    if (!source) {
      // Routing a cross-origin source without CORS would make it silent for good.
      if (isCrossOrigin(video)) return 'unavailable';
      const element = this.elementSource(context, video);
      const node = element ?? (await streamSource(context, video));
      if (!node) return 'unavailable';
      source = { node, kind: element ? 'element' : 'stream' };
      this.sources.set(video, source);
      this.sourceCount++;
    }
    this.tapKind = source.kind;
    source.node.connect(capture);
    this.tapped = video;
    return 'tapped';
  }

  /** The main path: the element routed through us to the speakers. Undefined when someone else took it first. */
  private elementSource(context: AudioContext, video: HTMLMediaElement): AudioNode | undefined {
    try {
      const source = context.createMediaElementSource(video);
      source.connect(context.destination);
      return source;
    } catch (error) {
      // InvalidStateError: a page script (an audio booster, an equaliser) already made one.
      if ((error as { name?: string }).name !== 'InvalidStateError') throw error;
      log.warn('the video is already routed through Web Audio by the page; listening to its captured stream instead');
      return undefined;
    }
  }

  /** Drops the audio of a chunk in progress and starts the next with a short one (a new window begins). */
  restartChunks(): void {
    this.capture?.port.postMessage({ type: 'chunks/restart' } satisfies WorkletRequest);
  }

  /** Stops capturing; a routed video keeps playing through its speaker connection. */
  untap(): void {
    if (!this.tapped) return;
    const source = this.sources.get(this.tapped);
    if (source && this.capture) {
      try {
        source.node.disconnect(this.capture);
      } catch {
        // already disconnected
      }
    }
    this.tapped = undefined;
  }

  private ensureContext(): AudioContext {
    if (!this.context) {
      this.context = this.options.createContext?.() ?? new AudioContext({ latencyHint: 'playback' });
      // If the context is ever suspended while videos are routed through it, they would go
      // silent: bring it back at once.
      this.context.addEventListener('statechange', () => {
        if (this.context?.state === 'suspended' && this.sourceCount > 0) void this.context.resume().catch(() => undefined);
      });
    }
    return this.context;
  }

  private ensureCapture(context: AudioContext): Promise<AudioWorkletNode> {
    if (this.capture) return Promise.resolve(this.capture);
    this.workletLoading ??= context.audioWorklet.addModule(this.options.workletUrl).then(() => {
      const node = new AudioWorkletNode(context, 'genre-lens-capture', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
      node.port.onmessage = (event: MessageEvent<WorkletMessage>) => this.onSamples(event.data);
      // A silent path to the destination keeps the worklet rendering.
      const mute = new GainNode(context, { gain: 0 });
      node.connect(mute).connect(context.destination);
      this.capture = node;
      return node;
    });
    this.workletLoading.catch((error: unknown) => {
      log.warn('could not load the audio capture worklet:', error);
      this.workletLoading = undefined;
    });
    return this.workletLoading;
  }
}

function isCrossOrigin(video: HTMLMediaElement): boolean {
  const src = video.currentSrc;
  if (!src || src.startsWith('blob:') || src.startsWith('data:') || video.crossOrigin) return false;
  try {
    return new URL(src).origin !== location.origin;
  } catch {
    return true;
  }
}

/**
 * The fallback: the element's captured stream. captureStream() (Chrome; Firefox 149+, tested
 * in e2e) leaves the element playing to the speakers as it was (whoever routed it), so this
 * source is not connected to them. Older Firefox has only mozCaptureStream(), which takes the
 * element's sound away, so it is not used.
 */
async function streamSource(context: AudioContext, video: HTMLMediaElement): Promise<AudioNode | undefined> {
  const capture = (video as { captureStream?: () => MediaStream }).captureStream;
  if (typeof capture !== 'function') return undefined;
  let stream: MediaStream;
  try {
    stream = capture.call(video);
  } catch {
    return undefined;
  }
  if (stream.getAudioTracks().length === 0) {
    await new Promise<void>((resolve) => {
      stream.addEventListener('addtrack', () => resolve(), { once: true });
      setTimeout(resolve, 2000);
    });
  }
  if (stream.getAudioTracks().length === 0) return undefined;
  return context.createMediaStreamSource(stream);
}
