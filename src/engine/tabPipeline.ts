/**
 * One tab's analysis: the shared streaming analyzer, the ONNX model, the
 * smoother, and the report sent back to the tab and to the service worker.
 */
import { type AnalysisWindow, StreamingAnalyzer } from '../core/analyzer.ts';
import { calibrate, isCalibration } from '../core/calibration.ts';
import { LeadingSilenceTrimmer } from '../core/leadingSilence.ts';
import { type LiveAction, LiveDecision, liveStep } from '../core/liveDecision.ts';
import { isMusicDetector } from '../core/musicness.ts';
import { UNSURE_CONFIDENCE } from '../core/smoothing.ts';
import { FEATURE_SPEC } from '../core/spec.ts';
import { type AudioPortRequest, type GenreReport, type TabState, unpackSamples } from '../shared/protocol.ts';
import type { GenreModel } from './genreModel.ts';

export class TabPipeline {
  private analyzer: StreamingAnalyzer | undefined;
  private decision: LiveDecision | undefined;
  /** A new stream's first second of digital zeros is not analysed (see leadingSilence.ts). */
  private readonly trimmer = new LeadingSilenceTrimmer(FEATURE_SPEC.sampleRate);
  private videoId = '';
  /** The video the tab last announced, known even before the model has loaded. */
  private latestVideoId = '';
  private state: TabState = 'listening';
  private message: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private lastReportSecond = -1;
  /** CPU time spent on this tab's audio, and the audio it covered. */
  private busyMs = 0;
  private audioSeconds = 0;

  constructor(
    readonly tabId: number,
    readonly frameId: number,
    private readonly model: Promise<GenreModel>,
    private readonly emit: (report: GenreReport) => void,
  ) {}

  /** Stops: a newer port for the same frame replaced this one. Nothing more is reported. */
  close(): void {
    this.state = 'error';
    this.closed = true;
  }

  private closed = false;

  handle(message: AudioPortRequest): void {
    if (this.closed) return;
    if ('videoId' in message) this.latestVideoId = message.videoId;
    // Messages are processed strictly in order, inference included.
    this.queue = this.queue.then(() => this.process(message)).catch((error: unknown) => this.fail(error));
  }

  private async process(message: AudioPortRequest): Promise<void> {
    if (this.state === 'error') return;
    const model = await this.model;
    switch (message.type) {
      case 'audio/start':
        this.decision ??= new LiveDecision(model.info.genres.length, isMusicDetector(model.info.musicDetector) ? model.info.musicDetector : undefined);
        if (!this.analyzer || this.analyzer.windowSeconds !== message.windowSeconds) {
          // Chunks arrive at the analysis rate, resampled on the tab's audio thread.
          this.analyzer = new StreamingAnalyzer({ inputRate: FEATURE_SPEC.sampleRate, windowSeconds: message.windowSeconds });
          this.restart(message.videoId);
        } else if (message.videoId !== this.videoId) {
          this.restart(message.videoId);
        }
        this.state = this.decision.smoother.topIndex >= 0 ? 'ready' : 'listening';
        this.report(model);
        break;
      case 'audio/reset':
        this.restart(message.videoId);
        this.report(model);
        break;
      case 'audio/pause':
        this.state = 'paused';
        this.report(model);
        break;
      case 'audio/chunk': {
        if (!this.analyzer) return;
        const started = performance.now();
        const samples = unpackSamples(message.samples);
        const windows = this.analyzer.pushAnalysisRate(this.trimmer.trim(samples));
        for (const window of windows) {
          // After a restart the batch's remaining windows hold the dropped audio.
          if ((await this.classify(model, window)) === 'restart') break;
        }
        this.busyMs += performance.now() - started;
        this.audioSeconds += samples.length / this.analyzer.inputRate;
        if (this.state === 'paused') this.state = (this.decision?.smoother.topIndex ?? -1) >= 0 ? 'ready' : 'listening';
        const second = Math.floor(this.analyzer.secondsHeard);
        if (windows.length > 0 || second !== this.lastReportSecond) this.report(model);
        this.lastReportSecond = second;
        break;
      }
    }
  }

  private restart(videoId: string): void {
    this.videoId = videoId;
    this.analyzer?.reset();
    this.decision?.reset();
    this.trimmer.reset();
    this.state = 'listening';
    this.message = undefined;
  }

  private async classify(model: GenreModel, window: AnalysisWindow): Promise<LiveAction> {
    const decision = this.decision!;
    const action = await liveStep(decision, this.analyzer!, window, (features) => model.predict(features));
    if (action !== 'skip') this.state = decision.smoother.topIndex >= 0 ? 'ready' : 'listening';
    else if (decision.notice === 'not-music') this.state = 'listening';
    return action;
  }

  private report(model: GenreModel): void {
    const smoother = this.decision?.smoother;
    const smoothed = smoother?.probabilities;
    const calibration = isCalibration(model.info.calibration) ? model.info.calibration : undefined;
    // What is shown is the calibrated probability, so "80%" means right about 80% of the time.
    const probabilities = smoothed && calibration ? calibrate(smoothed, calibration.power) : smoothed;
    const top = smoother?.topIndex ?? -1;
    const confidence = top >= 0 && probabilities ? probabilities[top]! : 0;
    this.emit({
      tabId: this.tabId,
      frameId: this.frameId,
      state: this.state,
      genre: top >= 0 ? model.info.genres[top] : undefined,
      genres: model.info.genres,
      probabilities: probabilities ? Array.from(probabilities, (p) => Math.round(p * 1e4) / 1e4) : [],
      confidence,
      unsure: this.state === 'ready' && confidence < (calibration?.unsureBelow ?? UNSURE_CONFIDENCE),
      secondsHeard: this.analyzer?.secondsHeard ?? 0,
      message: this.message,
      notice: this.decision?.notice,
      videoId: this.videoId,
      cpuMsPerAudioSecond: this.audioSeconds > 0 ? this.busyMs / this.audioSeconds : undefined,
      cpuMs: this.busyMs,
      audioSeconds: this.audioSeconds,
      updatedAt: Date.now(),
    });
  }

  private fail(error: unknown): void {
    if (this.state === 'error') return;
    this.state = 'error';
    this.message = error instanceof Error ? error.message : String(error);
    console.error('[Genre Lens] engine error:', this.message);
    this.emit({
      tabId: this.tabId,
      frameId: this.frameId,
      state: 'error',
      genres: [],
      probabilities: [],
      confidence: 0,
      secondsHeard: 0,
      message: this.message,
      videoId: this.latestVideoId,
      updatedAt: Date.now(),
    });
  }
}
