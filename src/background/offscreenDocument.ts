/** Makes sure the one offscreen engine document exists (Chrome allows one per extension). */
import { OFFSCREEN_PAGE } from '../shared/protocol.ts';

let creating: Promise<void> | undefined;

export async function ensureOffscreenDocument(): Promise<void> {
  // A document being created is listed before its script has run (and listens for ports): wait for it.
  if (creating) await creating.catch(() => undefined);
  const url = chrome.runtime.getURL(OFFSCREEN_PAGE);
  const existing = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  if (existing.length > 0) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_PAGE,
      reasons: [chrome.offscreen.Reason.WORKERS],
      justification: 'Runs the genre model (WebAssembly) on audio from YouTube tabs.',
    })
    .catch((error: unknown) => {
      // Another call created it first: that is fine.
      if (!String(error).includes('Only a single offscreen')) throw error;
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}
