/** Makes sure the one offscreen engine document exists (Chrome allows one per extension). */
import { OFFSCREEN_PAGE } from '../shared/protocol.ts';

let creating: Promise<void> | undefined;

async function documentExists(): Promise<boolean> {
  const existing = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [chrome.runtime.getURL(OFFSCREEN_PAGE)],
  });
  return existing.length > 0;
}

export async function ensureOffscreenDocument(): Promise<void> {
  // A document being created is listed before its script has run (and listens for ports): wait for it.
  if (creating) await creating.catch(() => undefined);
  if (await documentExists()) return;
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

/**
 * The engine asked to be closed (no audio from any player for a while): its memory goes back, and
 * the next player makes it again (ensureOffscreenDocument) at the cold-start cost.
 */
export async function closeOffscreenDocument(): Promise<void> {
  if (creating) return; // a player asked for the engine meanwhile: keep it
  if (await documentExists()) await chrome.offscreen.closeDocument().catch(() => undefined);
}
