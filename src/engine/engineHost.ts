/**
 * The engine, whichever page hosts it (Chrome: the offscreen document;
 * Firefox: the background event page). It accepts one audio port per tab from
 * the content scripts and runs a TabPipeline for each. The model loads on the
 * first port, so a Firefox background page woken for anything else stays light.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { DEBUG } from '../shared/debug.ts';
import { isYouTubeUrl } from '../shared/youtube.ts';
import { dropped, isAudioPortRequest } from '../shared/validate.ts';
import { AUDIO_PORT, type AudioPortResponse, type BackgroundRequest, type GenreReport } from '../shared/protocol.ts';
import { GenreModel } from './genreModel.ts';
import { TabPipeline } from './tabPipeline.ts';

/**
 * @param publish where every report goes besides the tab's own port (the router that stores it and sets the toolbar)
 * @param closed told when a frame stops or its port closes, so the router forgets what that frame showed
 */
/** Pipelines (YouTube frames streaming audio) at once, at most: more ports are refused. */
export const MAX_PIPELINES = 16;

export function startEngine(publish: (report: GenreReport) => void, closed: (tabId: number, frameId: number) => void): void {
  let model: Promise<GenreModel> | undefined;
  const loadModel = () => {
    if (!model) {
      model = GenreModel.load(browser.runtime.getURL('/'));
      model.catch((error: unknown) => console.error('[Genre Lens] could not load the genre model:', error instanceof Error ? error.message : error));
    }
    return model;
  };
  /** One port and its pipeline per frame ("tabId:frameId"). */
  const ports = new Map<string, { port: Runtime.Port; pipeline: TabPipeline }>();
  const startedAt = Date.now();

  browser.runtime.onConnect.addListener((port) => {
    const tabId = port.sender?.tab?.id;
    // Only this extension's content scripts, in a YouTube frame, may stream audio here.
    const fromYouTube = port.sender?.id === browser.runtime.id && typeof port.sender.url === 'string' && isYouTubeUrl(port.sender.url);
    if (port.name !== AUDIO_PORT || tabId === undefined || !fromYouTube) {
      port.disconnect();
      return;
    }
    // One pipeline per frame: a page can embed several YouTube players.
    const frameId = port.sender?.frameId ?? 0;
    const key = `${tabId}:${frameId}`;
    if (!ports.has(key) && ports.size >= MAX_PIPELINES) {
      port.disconnect();
      return;
    }
    const send = (report: GenreReport) => {
      try {
        port.postMessage({ type: 'engine/report', report } satisfies AudioPortResponse);
      } catch {
        // the tab is gone; its disconnect handler cleans up
      }
      publish(report);
    };
    const pipeline = new TabPipeline(tabId, frameId, loadModel(), send, () => closed(tabId, frameId));
    // One port per frame: a second one replaces (and closes) the first.
    const previous = ports.get(key);
    if (previous) {
      previous.pipeline.close();
      previous.port.disconnect();
    }
    ports.set(key, { port, pipeline });
    port.onMessage.addListener((message) => {
      if (isAudioPortRequest(message)) pipeline.handle(message);
      else dropped('engine', message);
    });
    port.onDisconnect.addListener(() => {
      if (ports.get(key)?.pipeline === pipeline) {
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
    return Promise.resolve({ pipelines: ports.size, heapBytes: memory?.usedJSHeapSize ?? 0, startedAt });
  });
}
