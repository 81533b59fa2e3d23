/** Chrome's background: the service worker routes; the engine runs in an offscreen document made on demand. */
import browser from 'webextension-polyfill';
import type { EngineRequest } from '../shared/protocol.ts';
import { closeOffscreenDocument, ensureOffscreenDocument } from './offscreenDocument.ts';
import { startRouter } from './router.ts';

startRouter({ ensure: ensureOffscreenDocument, close: closeOffscreenDocument }, () => {
  // The engine, if it runs, checks its frames again (no receiver when it does not: nothing to do).
  browser.runtime.sendMessage({ type: 'engine/surfaces-changed' } satisfies EngineRequest).catch(() => undefined);
});
