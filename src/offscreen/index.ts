/** Chrome's engine host: the offscreen document. Reports go to the service worker by message; it also says which surfaces are on, and closes the document when the engine has been idle. */
import browser, { type Runtime } from 'webextension-polyfill';
import { startEngine } from '../engine/engineHost.ts';
import type { BackgroundRequest, BackgroundResponse, EngineRequest } from '../shared/protocol.ts';

startEngine(
  (report) => {
    browser.runtime.sendMessage({ type: 'engine/report', report } satisfies BackgroundRequest).catch(() => undefined);
  },
  (tabId, frameId) => {
    browser.runtime.sendMessage({ type: 'engine/closed', tabId, frameId } satisfies BackgroundRequest).catch(() => undefined);
  },
  {
    // An offscreen document has no storage or permissions API: the service worker answers.
    async load() {
      const reply = (await browser.runtime.sendMessage({ type: 'engine/surfaces' } satisfies BackgroundRequest)) as BackgroundResponse | undefined;
      if (!reply?.ok || !reply.surfaces) throw new Error('the service worker did not say which surfaces are on');
      return reply.surfaces;
    },
    watch(changed) {
      browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
        if ((message as EngineRequest)?.type === 'engine/surfaces-changed' && sender.id === browser.runtime.id && sender.tab === undefined) changed();
        return undefined;
      });
    },
  },
  true,
  () => {
    browser.runtime.sendMessage({ type: 'engine/idle' } satisfies BackgroundRequest).catch(() => undefined);
  },
);
