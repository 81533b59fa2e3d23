/**
 * The content script's connection to the offscreen engine: a runtime port,
 * opened after asking the service worker to make sure the engine exists, and
 * reopened (with the stream's start message replayed) if the engine goes away.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import {
  AUDIO_PORT,
  type AudioPortRequest,
  type AudioPortResponse,
  type BackgroundRequest,
  type BackgroundResponse,
  type EngineRefusal,
  type GenreReport,
  MAX_PENDING_CHUNKS,
  type PackedSamples,
} from '../shared/protocol.ts';
import { ControlGate, type ControlMessage } from './controlGate.ts';

/** After a failed attempt to reach the engine, or a refusal for want of room, wait this long before the next one… */
export const RETRY_MS = 2000;
/** …doubling with each refusal in a row, up to this. */
export const MAX_RETRY_MS = 30000;

export function extensionAlive(): boolean {
  try {
    return Boolean(browser.runtime.id);
  } catch {
    return false;
  }
}

export function sendToBackground(message: BackgroundRequest): Promise<BackgroundResponse | undefined> {
  if (!extensionAlive()) return Promise.resolve(undefined);
  return (browser.runtime.sendMessage(message) as Promise<BackgroundResponse>).catch(() => undefined);
}

export class EngineLink {
  private port: Runtime.Port | undefined;
  private opening: Promise<Runtime.Port | undefined> | undefined;
  private stream: { videoId: string; windowSeconds: number } | undefined;
  /** Chunks that arrived while the port was opening. */
  private backlog: AudioPortRequest[] = [];
  portsOpened = 0;
  chunksSent = 0;
  /** Control messages (start, reset, pause, stop) posted (diagnostics). */
  controlsSent = 0;
  private retryAt = 0;
  private retryMs = RETRY_MS;
  /** The engine said this place is switched off or not granted: nothing goes out until allowAgain(). */
  private surfaceOff = false;
  /** Whether the engine holds a stream of this frame to stop (a start went out and no stop since). */
  private active = false;
  /** Starts, resets, pauses and stops go through it: at most a couple per frame every 250 ms. */
  private readonly controls = new ControlGate((control) => this.post(control));

  constructor(
    private readonly onReport: (report: GenreReport) => void,
    /** The engine refused this frame's place (switched off, or its access taken back). */
    private readonly onSurfaceOff: () => void = () => undefined,
    /** The engine has no room for this frame now (it knocks again later). */
    private readonly onBusy: () => void = () => undefined,
  ) {}

  private warmed = false;

  /**
   * A player is on the page: have the engine made and its model loaded now (Chrome's offscreen
   * document loads it as it starts), so the first genre does not wait for that after the video
   * starts. Once per page; nothing is sent to the engine itself.
   */
  warm(): void {
    if (this.warmed || this.surfaceOff) return;
    this.warmed = true;
    void sendToBackground({ type: 'engine/ensure' });
  }

  /** The options changed: the place may be on again, the engine is asked afresh on the next start. */
  allowAgain(): void {
    this.surfaceOff = false;
  }

  get connected(): boolean {
    return this.port !== undefined;
  }

  start(videoId: string, windowSeconds: number): void {
    this.stream = { videoId, windowSeconds };
    this.active = true;
    this.controls.push({ type: 'audio/start', videoId, windowSeconds });
  }

  /** Forwards a chunk as the capture worklet packed it: no per-sample work on the page's thread. */
  send(samples: PackedSamples): void {
    // Held back while controls wait: the chunk belongs to the window they restart.
    if (this.controls.waiting) return;
    this.chunksSent++;
    this.post({ type: 'audio/chunk', samples });
  }

  /**
   * A chunk's worth of digital silence (muted, zero volume, a silent track): the engine is told on
   * the open port, never woken or reconnected for it — a muted player holds no slot, and its next
   * sound opens a port again.
   */
  silence(): void {
    if (this.controls.waiting || !this.port) return;
    this.post({ type: 'audio/silence' });
  }

  pause(): void {
    this.control({ type: 'audio/pause' });
  }

  reset(videoId: string): void {
    if (this.stream) this.stream.videoId = videoId;
    this.control({ type: 'audio/reset', videoId });
  }

  /** No video to listen to any more: the engine forgets what this frame showed (the port stays for the next one). */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.stream = undefined;
    this.backlog = [];
    this.control({ type: 'audio/stop' });
  }

  /** A pause, reset or stop is moot with no engine to tell, unless a start is still waiting to go. */
  private control(control: ControlMessage): void {
    if (this.port || this.controls.waiting) this.controls.push(control);
  }

  private post(message: AudioPortRequest): void {
    if (this.surfaceOff) return;
    if (message.type !== 'audio/chunk' && message.type !== 'audio/silence') this.controlsSent++;
    if (this.port) {
      try {
        this.port.postMessage(message);
        return;
      } catch {
        this.port = undefined;
      }
    }
    // Only audio needs an engine: a pause or reset with no engine to tell is moot (the next start
    // is replayed on connecting), and waking one for it would report "listening" for a paused video.
    if (message.type === 'audio/pause' || message.type === 'audio/reset' || message.type === 'audio/stop' || message.type === 'audio/silence') return;
    if (message.type === 'audio/chunk') this.backlog.push(message);
    if (this.backlog.length > MAX_PENDING_CHUNKS) this.backlog.shift();
    void this.open();
  }

  /** The engine closed this frame's port, and said why (it disconnects right after). */
  private refused(reason: EngineRefusal): void {
    if (reason === 'busy') {
      // No room now: knock again later, a little later each time.
      this.retryAt = Date.now() + this.retryMs;
      this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
      this.onBusy();
    } else if (reason === 'surface-off') {
      this.surfaceOff = true;
      this.backlog = [];
      this.active = false;
      this.onSurfaceOff();
    }
    // 'idle': the slot went to a frame that plays; the next audio opens a port again.
  }

  private open(): Promise<Runtime.Port | undefined> {
    if (Date.now() < this.retryAt) return Promise.resolve(undefined);
    this.opening ??= (async () => {
      if (!extensionAlive()) return undefined;
      const reply = await sendToBackground({ type: 'engine/ensure' });
      if (!reply?.ok) {
        this.retryAt = Date.now() + RETRY_MS;
        return undefined;
      }
      const port = browser.runtime.connect({ name: AUDIO_PORT });
      this.portsOpened++;
      port.onMessage.addListener((message) => {
        const response = message as AudioPortResponse;
        if (response.type === 'engine/report') {
          this.retryMs = RETRY_MS;
          this.onReport(response.report);
        } else if (response.type === 'engine/refused') this.refused(response.reason);
      });
      port.onDisconnect.addListener(() => {
        // Read, so a port that found no engine (it was being replaced) is not logged as an unchecked error;
        // the next chunk connects again.
        void browser.runtime.lastError;
        if (this.port === port) this.port = undefined;
      });
      this.port = port;
      if (this.stream) port.postMessage({ type: 'audio/start', ...this.stream } satisfies AudioPortRequest);
      for (const queued of this.backlog.splice(0)) port.postMessage(queued);
      return port;
    })().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }
}
