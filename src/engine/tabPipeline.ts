/**
 * One frame's analysis in the engine: the live session (src/core/liveSession.ts) decides what is
 * shown; this keeps the messages in order, pause and error, CPU accounting and the report envelope.
 */
import { type GenrePredictor, LiveSession, type Shown } from '../core/liveSession.ts';
import type { ModelInfo } from '../core/model.ts';
import type { PatchNetwork } from '../core/patchPipeline.ts';
import { type AudioPortRequest, CHUNK_SECONDS, type GenreReport, MAX_PENDING_CHUNKS, type TabState, unpackSamples } from '../shared/protocol.ts';

/** What a pipeline needs of the loaded model (GenreModel in the browser, the ONNX runner in tests). */
export interface PipelineModel {
  info: ModelInfo;
  /** YAMNet, one patch at a time. */
  network: PatchNetwork;
  /** The genre head on a window's features. */
  predict: GenrePredictor;
  /** The outside head, when the model has one. */
  predictOutside?: GenrePredictor;
}

export class TabPipeline {
  private session: LiveSession | undefined;
  private videoId = '';
  /** The video the tab last announced, known even before the model has loaded. */
  private latestVideoId = '';
  private paused = false;
  private failed = false;
  private queue: Promise<void> = Promise.resolve();
  private lastReportSecond = -1;
  /** CPU time spent on this tab's audio, and the audio it covered. */
  private busyMs = 0;
  private audioSeconds = 0;
  private networkMs = 0;
  private patches = 0;
  private closed = false;
  private pendingChunks = 0;
  /** When audio last came in, and since when the frame is paused or stopped (as the messages arrive, for the engine's slots). */
  private lastAudioAt = Date.now();
  private restingSince: number | undefined;
  /** Chunks dropped because too many were waiting (diagnostics). */
  droppedChunks = 0;

  constructor(
    readonly tabId: number,
    readonly frameId: number,
    private readonly model: Promise<PipelineModel>,
    private readonly emit: (report: GenreReport) => void,
    /** The frame stopped (audio/stop): what it showed is to be forgotten. */
    private readonly stopped: () => void,
  ) {}

  /** Stops: a newer port for the same frame replaced this one. Nothing more is reported. */
  close(): void {
    this.closed = true;
  }

  /** Since when this frame has been idle (paused, stopped, or no audio for `idleMs`), or undefined while it plays. */
  idleSince(now: number, idleMs: number): number | undefined {
    if (this.restingSince !== undefined) return this.restingSince;
    return now - this.lastAudioAt >= idleMs ? this.lastAudioAt : undefined;
  }

  handle(message: AudioPortRequest): void {
    if (this.closed) return;
    if ('videoId' in message) this.latestVideoId = message.videoId;
    // Silence rests the frame as a pause does: a muted player holds no slot a heard one needs.
    if (message.type === 'audio/pause' || message.type === 'audio/stop' || message.type === 'audio/silence') this.restingSince ??= Date.now();
    else if (message.type === 'audio/start' || message.type === 'audio/chunk') {
      this.restingSince = undefined;
      this.lastAudioAt = Date.now();
    }
    if (message.type === 'audio/chunk') {
      if (this.pendingChunks >= MAX_PENDING_CHUNKS) {
        this.droppedChunks++;
        return;
      }
      this.pendingChunks++;
    }
    // Messages are processed strictly in order, inference included.
    this.queue = this.queue
      .then(() => this.process(message))
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        if (message.type === 'audio/chunk') this.pendingChunks--;
      });
  }

  /** Resolves when every message handed in so far has been processed (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async process(message: AudioPortRequest): Promise<void> {
    if (this.failed || this.closed) return;
    const model = await this.model;
    switch (message.type) {
      case 'audio/start':
        if (this.session?.windowSeconds !== message.windowSeconds) {
          // Chunks arrive at the analysis rate, resampled on the tab's audio thread.
          const network: PatchNetwork = async (patch) => {
            const started = performance.now();
            const out = await model.network(patch);
            this.networkMs += performance.now() - started;
            this.patches++;
            return out;
          };
          this.session = new LiveSession(model.info, (features) => model.predict(features), network, {
            inputRate: 'analysis',
            windowSeconds: message.windowSeconds,
            predictOutside: model.predictOutside,
          });
          this.restart(message.videoId);
        } else if (message.videoId !== this.videoId) {
          this.restart(message.videoId);
        }
        this.paused = false;
        this.report(model.info);
        break;
      case 'audio/reset':
        this.restart(message.videoId);
        this.report(model.info);
        break;
      case 'audio/pause':
        this.paused = true;
        this.report(model.info);
        break;
      case 'audio/stop':
        // Nothing more is reported until the next audio/start.
        this.session = undefined;
        this.videoId = '';
        this.stopped();
        break;
      case 'audio/silence': {
        if (!this.session) return;
        this.session.hearSilence(CHUNK_SECONDS);
        this.paused = false;
        this.report(model.info);
        this.lastReportSecond = Math.floor(this.session.secondsHeard);
        break;
      }
      case 'audio/chunk': {
        if (!this.session) return;
        const started = performance.now();
        const samples = unpackSamples(message.samples);
        const shown = await this.session.push(samples);
        this.busyMs += performance.now() - started;
        this.audioSeconds += samples.length / this.session.spec.sampleRate;
        this.paused = false;
        const second = Math.floor(this.session.secondsHeard);
        if (shown.length > 0 || second !== this.lastReportSecond) this.report(model.info);
        this.lastReportSecond = second;
        break;
      }
    }
  }

  private restart(videoId: string): void {
    this.videoId = videoId;
    this.session?.reset();
  }

  private report(info: ModelInfo): void {
    const shown = this.session?.shown();
    this.emit({
      tabId: this.tabId,
      frameId: this.frameId,
      ...reportFields(info, shown),
      ...(this.paused ? { state: 'paused' } : {}),
      videoId: this.videoId,
      cpuMsPerAudioSecond: this.audioSeconds > 0 ? this.busyMs / this.audioSeconds : undefined,
      cpuMs: this.busyMs,
      audioSeconds: this.audioSeconds,
      networkMs: this.networkMs,
      patches: this.patches,
      updatedAt: Date.now(),
    });
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const message = error instanceof Error ? error.message : String(error);
    console.error('[Genre Lens] engine error:', message);
    this.emit({
      tabId: this.tabId,
      frameId: this.frameId,
      state: 'error',
      genres: [],
      probabilities: [],
      confidence: 0,
      secondsHeard: 0,
      message,
      videoId: this.latestVideoId,
      updatedAt: Date.now(),
    });
  }
}

/** A shown value as the report carries it (probabilities to 4 decimals). */
export function reportFields(
  info: ModelInfo,
  shown: Shown | undefined,
): Pick<GenreReport, 'state' | 'genre' | 'genres' | 'probabilities' | 'confidence' | 'unsure' | 'notice' | 'secondsHeard' | 'outside'> {
  const state: TabState = shown?.state ?? 'listening';
  return {
    state,
    genre: shown && shown.top >= 0 ? info.genres[shown.top] : undefined,
    genres: info.genres,
    probabilities: shown?.probabilities ? Array.from(shown.probabilities, (p) => Math.round(p * 1e4) / 1e4) : [],
    confidence: shown?.confidence ?? 0,
    unsure: shown?.unsure ?? false,
    notice: shown?.notice,
    outside: shown?.outside ? { genre: shown.outside.genre } : undefined,
    secondsHeard: shown?.secondsHeard ?? 0,
  };
}
