/**
 * Firefox's background: an event page (Firefox has no offscreen documents) that
 * hosts the router and the engine together. Reports go to the router directly:
 * a page does not receive its own runtime messages.
 */
import { startEngine } from '../engine/engineHost.ts';
import { onSurfaceChange, surfacesOn } from '../shared/surfaceAccess.ts';
import { forgetFrame, saveReport, startRouter } from './router.ts';

// The engine is this page; Firefox unloads an idle background page (no open port, no event) itself.
startRouter({ ensure: async () => undefined });
startEngine(
  (report) => {
    saveReport(report).catch((error: unknown) => console.error('[Genre Lens]', error));
  },
  (tabId, frameId) => {
    forgetFrame(tabId, frameId).catch((error: unknown) => console.error('[Genre Lens]', error));
  },
  { load: surfacesOn, watch: (changed) => void onSurfaceChange(changed) },
);
