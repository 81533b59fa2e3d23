/**
 * The engine, whichever page hosts it (Chrome: the offscreen document;
 * Firefox: the background event page). It accepts one audio port per tab from
 * the content scripts and runs a TabPipeline for each. The model loads on the
 * first port, so a Firefox background page woken for anything else stays light.
 */
import browser from 'webextension-polyfill';
import { AUDIO_PORT, type AudioPortRequest, type AudioPortResponse, type BackgroundRequest, type GenreReport } from '../shared/protocol.ts';
import { GenreModel } from './genreModel.ts';
import { TabPipeline } from './tabPipeline.ts';

/** @param publish where every report goes besides the tab's own port (the router that stores it and sets the toolbar). */
export function startEngine(publish: (report: GenreReport) => void): void {
  let model: Promise<GenreModel> | undefined;
  const loadModel = () => {
    if (!model) {
      model = GenreModel.load(browser.runtime.getURL('/'));
      model.catch((error: unknown) => console.error('[Genre Lens] could not load the genre model:', error instanceof Error ? error.message : error));
    }
    return model;
  };
  const pipelines = new Map<string, TabPipeline>();
  const startedAt = Date.now();

  browser.runtime.onConnect.addListener((port) => {
    const tabId = port.sender?.tab?.id;
    if (port.name !== AUDIO_PORT || tabId === undefined) return;
    // One pipeline per frame: a page can embed several YouTube players.
    const key = `${tabId}:${port.sender?.frameId ?? 0}`;
    const send = (report: GenreReport) => {
      try {
        port.postMessage({ type: 'engine/report', report } satisfies AudioPortResponse);
      } catch {
        // the tab is gone; its disconnect handler cleans up
      }
      publish(report);
    };
    const pipeline = new TabPipeline(tabId, port.sender?.frameId ?? 0, loadModel(), send);
    pipelines.get(key)?.close();
    pipelines.set(key, pipeline);
    port.onMessage.addListener((message) => pipeline.handle(message as AudioPortRequest));
    port.onDisconnect.addListener(() => {
      if (pipelines.get(key) === pipeline) pipelines.delete(key);
    });
  });

  // For tests and debugging: how many tab pipelines are alive, the JS heap, and when this host started.
  browser.runtime.onMessage.addListener((message: unknown) => {
    if ((message as BackgroundRequest).type !== 'debug/engine') return undefined;
    const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
    return Promise.resolve({ pipelines: pipelines.size, heapBytes: memory?.usedJSHeapSize ?? 0, startedAt });
  });
}
