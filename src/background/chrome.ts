/** Chrome's background: the service worker routes; the engine runs in an offscreen document made on demand. */
import { ensureOffscreenDocument } from './offscreenDocument.ts';
import { startRouter } from './router.ts';

startRouter(ensureOffscreenDocument);
