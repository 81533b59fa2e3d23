/**
 * The engine, whichever page hosts it (Chrome: the offscreen document;
 * Firefox: the background event page). It accepts one audio port per frame from
 * the content scripts and runs a TabPipeline for each. The model loads on the
 * first port, so a Firefox background page woken for anything else stays light.
 *
 * Admission: a port is taken only from this extension's content script in a YouTube frame whose
 * surface is on and granted (asked of `surfaces`, besides the content script's own check), and
 * while there is room — at most MAX_PIPELINES_PER_TAB per tab and MAX_PIPELINES in all; an idle
 * frame's pipeline (paused, stopped, or no audio for IDLE_MS) gives its slot to a new one before
 * any port is refused. A refused port is told why (AudioPortResponse 'engine/refused'), so the
 * content script backs off or goes quiet instead of knocking again.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { DEBUG } from '../shared/debug.ts';
import { isYouTubeUrl, type Surface, type SurfacesOn, surfaceOf } from '../shared/youtube.ts';
import { dropped, isAudioPortRequest } from '../shared/validate.ts';
import { AUDIO_PORT, type AudioPortResponse, type BackgroundRequest, ENGINE_IDLE_CLOSE_MS, type EngineRefusal, type GenreReport } from '../shared/protocol.ts';
import { GenreModel } from './genreModel.ts';
import { TabPipeline } from './tabPipeline.ts';
import { MessageBudget } from './messageBudget.ts';

/** Pipelines (YouTube frames streaming audio) at once, at most. */
export const MAX_PIPELINES = 16;
/** Of which one tab may hold at most this many (a page of embeds cannot lock other tabs out). */
export const MAX_PIPELINES_PER_TAB = 4;
/** A pipeline that had no audio for this long is idle: its slot goes to a frame that plays. */
export const IDLE_MS = 5000;

/** What the host tells the engine about the surfaces (Chrome: asked of the service worker; Firefox: read directly). */
export interface SurfaceSource {
  load(): Promise<SurfacesOn>;
  /** Calls `changed` when a surface may have been switched or its access taken back. */
  watch(changed: () => void): void;
}

interface Entry {
  port: Runtime.Port;
  pipeline: TabPipeline;
  tabId: number;
  surface: Surface;
}

/**
 * @param publish where every report goes besides the tab's own port (the router that stores it and sets the toolbar)
 * @param closed told when a frame stops or its port closes, so the router forgets what that frame showed
 * @param surfaces which surfaces are on now
 * @param eager load the model now rather than with the first port (Chrome's offscreen document exists only for
 *   the engine and is made when a YouTube player appears, so the model is ready by the time the video plays)
 * @param idle asked once when no player has sent audio for ENGINE_IDLE_CLOSE_MS (Chrome: close the document)
 */
export function startEngine(
  publish: (report: GenreReport) => void,
  closed: (tabId: number, frameId: number) => void,
  surfaces: SurfaceSource,
  eager = false,
  idle?: () => void,
): void {
  let model: Promise<GenreModel> | undefined;
  /** The cold path's steps on this host (Date.now(); bench:browser reports them from navigation on). */
  const coldPath: { documentUpAt: number; modelLoadStartedAt?: number; runtimeCompiledAt?: number; sessionsCreatedAt?: number; warmedUpAt?: number; firstPortAt?: number; firstChunkAt?: number; firstReportAt?: number } = {
    documentUpAt: Date.now(),
  };
  const loadModel = () => {
    if (!model) {
      coldPath.modelLoadStartedAt = Date.now();
      model = GenreModel.load(browser.runtime.getURL('/'), coldPath);
      model.catch((error: unknown) => console.error('[Genre Lens] could not load the genre model:', error instanceof Error ? error.message : error));
    }
    return model;
  };
  if (eager) void loadModel().catch(() => undefined);
  // Asked afresh for each new port and once per change (ports are few: a frame opens one per stream, and backs off when refused).
  // When the state cannot be read (a storage or permissions call failing as the background starts),
  // the content script's own check stands: a page cannot make those calls fail, and refusing would
  // leave a frame that is on waiting in backoff.
  const loadSurfaces = async (): Promise<(surface: Surface) => boolean> => {
    const on = await surfaces.load().catch((error: unknown) => {
      console.warn('[Genre Lens] could not read which places are on; admitting:', error);
      return undefined;
    });
    return (surface) => (on ? on[surface] : true);
  };
  const surfaceIsOn = async (surface: Surface): Promise<boolean> => (await loadSurfaces())(surface);
  /** One port and its pipeline per frame ("tabId:frameId"). */
  const ports = new Map<string, Entry>();
  const startedAt = Date.now();
  /** When any player last sent audio (or connected). */
  let lastAudioAt = Date.now();
  if (idle) {
    const timer = setInterval(() => {
      if (Date.now() - lastAudioAt < ENGINE_IDLE_CLOSE_MS) return;
      clearInterval(timer);
      idle();
    }, ENGINE_IDLE_CLOSE_MS / 12);
  }
  let refusals = 0;
  let reclaimed = 0;

  const refuse = (port: Runtime.Port, reason: EngineRefusal) => {
    refusals++;
    try {
      port.postMessage({ type: 'engine/refused', reason } satisfies AudioPortResponse);
      port.disconnect();
    } catch {
      // already gone
    }
  };

  /** Ends a frame's pipeline from the engine's side: the frame is told why, the router forgets what it showed. */
  const drop = (key: string, reason: EngineRefusal) => {
    const entry = ports.get(key);
    if (!entry) return;
    ports.delete(key);
    entry.pipeline.close();
    refuse(entry.port, reason);
    closed(entry.tabId, entry.pipeline.frameId);
  };

  /** Room for one more pipeline of `tabId`: frees the longest-idle slot where a cap is reached; false when every slot plays. */
  const makeRoom = (tabId: number): boolean => {
    const now = Date.now();
    const idleFirst = (candidates: [string, Entry][]) =>
      candidates.filter(([, e]) => e.pipeline.idleSince(now, IDLE_MS) !== undefined).sort(([, a], [, b]) => a.pipeline.idleSince(now, IDLE_MS)! - b.pipeline.idleSince(now, IDLE_MS)!)[0];
    const ofTab = [...ports].filter(([, e]) => e.tabId === tabId);
    if (ofTab.length >= MAX_PIPELINES_PER_TAB) {
      const idle = idleFirst(ofTab);
      if (!idle) return false;
      drop(idle[0], 'idle');
      reclaimed++;
    }
    if (ports.size >= MAX_PIPELINES) {
      const idle = idleFirst([...ports]);
      if (!idle) return false;
      drop(idle[0], 'idle');
      reclaimed++;
    }
    return true;
  };

  surfaces.watch(() => {
    // A surface switched off (or its access taken back in the browser's settings) stops its frames now.
    // One read for every open port.
    void loadSurfaces().then((isOn) => {
      for (const [key, entry] of ports) if (!isOn(entry.surface)) drop(key, 'surface-off');
    });
  });

  browser.runtime.onConnect.addListener((port) => {
    const tabId = port.sender?.tab?.id;
    const url = port.sender?.url;
    // Only this extension's content scripts, in a YouTube frame, may stream audio here.
    const fromYouTube = port.sender?.id === browser.runtime.id && typeof url === 'string' && isYouTubeUrl(url);
    if (port.name !== AUDIO_PORT || tabId === undefined || !fromYouTube) {
      port.disconnect();
      return;
    }
    // One pipeline per frame: a page can embed several YouTube players.
    const frameId = port.sender?.frameId ?? 0;
    const surface = surfaceOf(url, frameId !== 0);
    const key = `${tabId}:${frameId}`;
    if (!ports.has(key) && !makeRoom(tabId)) {
      refuse(port, 'busy');
      // The popup says so too (the frame's badge hears it from the refusal).
      publish({ tabId, frameId, state: 'listening', notice: 'busy', genres: [], probabilities: [], confidence: 0, secondsHeard: 0, updatedAt: Date.now() });
      return;
    }
    coldPath.firstPortAt ??= Date.now();
    lastAudioAt = Date.now();
    const send = (report: GenreReport) => {
      if (report.state === 'ready') coldPath.firstReportAt ??= Date.now();
      try {
        port.postMessage({ type: 'engine/report', report } satisfies AudioPortResponse);
      } catch {
        // the tab is gone; its disconnect handler cleans up
      }
      publish(report);
    };
    // Nothing is analysed (the model not even loaded) before the surface is known to be on.
    const admitted = surfaceIsOn(surface);
    const pipelineModel = admitted.then((on) => (on ? loadModel() : new Promise<never>(() => undefined)));
    const pipeline = new TabPipeline(tabId, frameId, pipelineModel, send, () => closed(tabId, frameId));
    // One port per frame: a second one replaces (and closes) the first.
    const previous = ports.get(key);
    if (previous) {
      previous.pipeline.close();
      previous.port.disconnect();
    }
    const entry: Entry = { port, pipeline, tabId, surface };
    ports.set(key, entry);
    void admitted.then((on) => {
      if (!on && ports.get(key) === entry) drop(key, 'surface-off');
    });
    // Every message counts, controls as well as audio: a frame gets a fixed budget per second.
    const budget = new MessageBudget();
    port.onMessage.addListener((message) => {
      if (!budget.take(Date.now())) return;
      if (isAudioPortRequest(message)) {
        if (message.type === 'audio/chunk') {
          coldPath.firstChunkAt ??= Date.now();
          lastAudioAt = Date.now();
        }
        pipeline.handle(message);
      }
      else dropped('engine', message);
    });
    port.onDisconnect.addListener(() => {
      if (ports.get(key) === entry) {
        ports.delete(key);
        closed(tabId, frameId);
      }
    });
  });

  // For tests and debugging: how many tab pipelines are alive, the JS heap, and when this host started.
  if (!DEBUG) return;
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if ((message as BackgroundRequest).type !== 'debug/engine' || sender.id !== browser.runtime.id) return undefined;
    const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
    const perTab: Record<number, number> = {};
    for (const entry of ports.values()) perTab[entry.tabId] = (perTab[entry.tabId] ?? 0) + 1;
    return Promise.resolve({ pipelines: ports.size, perTab, refusals, reclaimed, heapBytes: memory?.usedJSHeapSize ?? 0, startedAt, coldPath });
  });
}
