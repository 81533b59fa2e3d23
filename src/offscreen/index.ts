/** Chrome's engine host: the offscreen document. Reports go to the service worker by message. */
import browser from 'webextension-polyfill';
import { startEngine } from '../engine/engineHost.ts';
import type { BackgroundRequest } from '../shared/protocol.ts';

startEngine(
  (report) => {
    browser.runtime.sendMessage({ type: 'engine/report', report } satisfies BackgroundRequest).catch(() => undefined);
  },
  (tabId, frameId) => {
    browser.runtime.sendMessage({ type: 'engine/closed', tabId, frameId } satisfies BackgroundRequest).catch(() => undefined);
  },
);
