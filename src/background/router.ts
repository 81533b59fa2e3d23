/**
 * The background's router (Chrome: service worker; Firefox: event page): makes
 * sure the engine runs on demand, and routes each tab's latest report to
 * storage.session (read by the popup) and to that tab's toolbar badge.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import {
  type BackgroundRequest,
  type ContentRequest,
  type BackgroundResponse,
  type GenreReport,
  OFFSCREEN_PAGE,
} from '../shared/protocol.ts';
import { loadPreferences, savePreferences } from '../shared/preferenceStore.ts';
import { DEBUG } from '../shared/debug.ts';
import { isYouTubeUrl } from '../shared/youtube.ts';
import { dropped, isBackgroundRequest } from '../shared/validate.ts';
import { ReportStore } from './reportStore.ts';
import { startSurfaceScripts, syncSurfaceScripts } from './surfaceScripts.ts';
import { onSurfaceChange, surfacesOn } from '../shared/surfaceAccess.ts';
import { clearToolbar, showOnToolbar } from './tabBadge.ts';

const store = new ReportStore({
  read: async (key) => (await browser.storage.session.get(key))[key] as GenreReport | undefined,
  write: (items) => browser.storage.session.set(items),
  remove: (keys) => browser.storage.session.remove(keys),
  showOnToolbar,
  clearToolbar,
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  onError: (error) => console.error('[Genre Lens]', error),
});

/** An engine report: what its frame shows (the only source of a frame's state). */
export const saveReport = (report: GenreReport) => store.save(report);
/** A frame's engine port closed (the tab closed or navigated, the frame has no video any more). */
export const forgetFrame = (tabId: number, frameId: number) => store.forgetFrame(tabId, frameId);

/** Who may send what: reports only from the engine's own page; tab messages only from a tab on YouTube. */
function allowed(message: BackgroundRequest, sender: Runtime.MessageSender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const fromYouTubeTab = sender.tab?.id !== undefined && typeof sender.url === 'string' && isYouTubeUrl(sender.url);
  switch (message.type) {
    case 'engine/report':
    case 'engine/closed':
    case 'engine/surfaces':
    case 'engine/idle':
      return sender.tab === undefined && sender.url === browser.runtime.getURL(OFFSCREEN_PAGE);
    case 'tab/timeline':
      return fromYouTubeTab;
    default:
      return true;
  }
}

interface EngineControl {
  /** Starts the engine if it is not running (Chrome: the offscreen document). */
  ensure(): Promise<void>;
  /** Closes an engine that asked to be (Chrome: the offscreen document); none where the engine is the background itself. */
  close?(): Promise<void>;
}

async function handle(message: BackgroundRequest, sender: Runtime.MessageSender, engine: EngineControl): Promise<BackgroundResponse> {
  switch (message.type) {
    case 'engine/ensure':
      await engine.ensure();
      return { ok: true };
    case 'engine/idle':
      await engine.close?.();
      return { ok: true };
    case 'engine/report':
      await saveReport(message.report);
      return { ok: true };
    case 'engine/closed':
      await forgetFrame(message.tabId, message.frameId);
      return { ok: true };
    case 'tab/timeline':
      await store.saveTimeline(sender.tab!.id!, message.timeline);
      return { ok: true };
    case 'engine/surfaces':
      return { ok: true, surfaces: await surfacesOn() };
    default:
      return { ok: false, error: `unknown message ${message.type}` };
  }
}

/**
 * @param engine starts (and closes, where it can) the engine
 * @param surfacesChanged tells an engine in another page that a surface may have been switched off (Chrome)
 */
export function startRouter(engine: EngineControl, surfacesChanged?: () => void): void {
  startSurfaceScripts();
  if (surfacesChanged) onSurfaceChange(surfacesChanged);
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isBackgroundRequest(message) || !allowed(message, sender)) {
      dropped('background', message);
      return undefined;
    }
    // Messages for the engine (debug/engine) are answered by the engine's host.
    if (message.type === 'debug/engine') return undefined;
    return handle(message, sender, engine).catch((error: unknown) => {
      console.error('[Genre Lens]', error);
      return { ok: false, error: error instanceof Error ? error.message : String(error) } satisfies BackgroundResponse;
    });
  });

  // A tab that navigates away closes its frames' audio ports, and the engine tells the router
  // (engine/closed): no listener on every page load in every tab wakes the background for it.
  browser.tabs.onRemoved.addListener((tabId) => void store.forgetTab(tabId));
  // Access given back in the browser's settings: the tabs open meanwhile resume without a reload
  // (a content script cannot watch permissions itself). Rare, so every tab is told.
  browser.permissions.onAdded.addListener(() => void tellOpenTabs({ type: 'access/added' }));
  browser.commands.onCommand.addListener((command) => void runCommand(command));
  // Lets the browser tests run a command without synthesising the key press (debug builds only).
  if (DEBUG) (globalThis as { genreLensRunCommand?: (command: string) => Promise<void> }).genreLensRunCommand = runCommand;
  // Resolves once the surfaces' scripts are registered as the options say (tests open pages after it).
  if (DEBUG) (globalThis as { genreLensSurfaceSync?: () => Promise<void> }).genreLensSurfaceSync = syncSurfaceScripts;
}

async function tellOpenTabs(request: ContentRequest): Promise<void> {
  for (const tab of await browser.tabs.query({})) {
    if (tab.id !== undefined) browser.tabs.sendMessage(tab.id, request).catch(() => undefined);
  }
}

/** Keyboard shortcuts (manifest "commands"). */
async function runCommand(command: string): Promise<void> {
  if (command !== 'toggle-badge') return;
  const { badgeVisible } = await loadPreferences();
  await savePreferences({ badgeVisible: !badgeVisible });
}
