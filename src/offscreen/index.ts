/**
 * The offscreen document: the engine. It accepts one audio port per tab from
 * the content scripts and runs a TabPipeline for each.
 */
import { AUDIO_PORT, type AudioPortRequest, type AudioPortResponse, type BackgroundRequest, type GenreReport } from '../shared/protocol.ts';
import { GenreModel } from './genreModel.ts';
import { TabPipeline } from './tabPipeline.ts';

const model = GenreModel.load(chrome.runtime.getURL('/'));
model.catch((error: unknown) => console.error('[Genre Lens] could not load the genre model:', error instanceof Error ? error.message : error));

const pipelines = new Map<number, TabPipeline>();

chrome.runtime.onConnect.addListener((port) => {
  const tabId = port.sender?.tab?.id;
  if (port.name !== AUDIO_PORT || tabId === undefined) return;
  const send = (report: GenreReport) => {
    try {
      port.postMessage({ type: 'engine/report', report } satisfies AudioPortResponse);
    } catch {
      // the tab is gone; its disconnect handler cleans up
    }
    chrome.runtime.sendMessage({ type: 'engine/report', report } satisfies BackgroundRequest).catch(() => undefined);
  };
  const pipeline = new TabPipeline(tabId, model, send);
  pipelines.set(tabId, pipeline);
  port.onMessage.addListener((message: AudioPortRequest) => pipeline.handle(message));
  port.onDisconnect.addListener(() => {
    if (pipelines.get(tabId) === pipeline) pipelines.delete(tabId);
  });
});

// For tests and debugging: how many tab pipelines are alive, and the JS heap.
chrome.runtime.onMessage.addListener((message: BackgroundRequest, _sender, reply) => {
  if (message.type !== 'debug/engine') return false;
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  reply({ pipelines: pipelines.size, heapBytes: memory?.usedJSHeapSize ?? 0 });
  return false;
});
