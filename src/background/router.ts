/**
 * The background's router (Chrome: service worker; Firefox: event page): makes
 * sure the engine runs on demand, and routes each tab's latest report to
 * storage.session (read by the popup) and to that tab's toolbar badge.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import {
  type BackgroundRequest,
  type BackgroundResponse,
  type GenreReport,
  OFFSCREEN_PAGE,
  storageKeyForTab,
  timelineKeyForTab,
} from '../shared/protocol.ts';
import { loadPreferences, savePreferences } from '../shared/preferenceStore.ts';
import { DEBUG } from '../shared/debug.ts';
import { isYouTubeUrl } from '../shared/youtube.ts';
import { dropped, isBackgroundRequest } from '../shared/validate.ts';
import { clearToolbar, showOnToolbar } from './tabBadge.ts';

/** A paused frame does not take the tab over from another frame that is playing (several embeds on a page). */
const PLAYING_FRESH_MS = 3000;

/** At most one storage write per tab every WRITE_INTERVAL_MS: later reports wait and the newest wins. */
const WRITE_INTERVAL_MS = 500;
const writes = new Map<number, { last: number; pending?: GenreReport; timer?: ReturnType<typeof setTimeout> }>();

/**
 * A tab's storage and toolbar updates run one after another: each reads what the previous one
 * wrote, and a report still being written cannot land after a newer "paused" (which left the
 * toolbar showing a genre for a paused video).
 */
const tabQueues = new Map<number, Promise<void>>();
function inTabOrder(tabId: number, task: () => Promise<void>): Promise<void> {
  const run = (tabQueues.get(tabId) ?? Promise.resolve()).then(task, task);
  tabQueues.set(tabId, run);
  const done = () => {
    if (tabQueues.get(tabId) === run) tabQueues.delete(tabId);
  };
  run.then(done, done);
  return run;
}

export function saveReport(report: GenreReport): Promise<void> {
  const slot = writes.get(report.tabId) ?? { last: 0 };
  writes.set(report.tabId, slot);
  const wait = slot.last + WRITE_INTERVAL_MS - Date.now();
  if (wait <= 0 && !slot.timer) {
    slot.last = Date.now();
    return inTabOrder(report.tabId, () => writeReport(report));
  }
  slot.pending = report;
  slot.timer ??= setTimeout(() => {
    slot.timer = undefined;
    const pending = slot.pending;
    slot.pending = undefined;
    slot.last = Date.now();
    if (pending) inTabOrder(pending.tabId, () => writeReport(pending)).catch((error: unknown) => console.error('[Genre Lens]', error));
  }, Math.max(0, wait));
  return Promise.resolve();
}

async function storedReport(key: string): Promise<GenreReport | undefined> {
  return (await browser.storage.session.get(key))[key] as GenreReport | undefined;
}

async function writeReport(report: GenreReport): Promise<void> {
  const key = storageKeyForTab(report.tabId);
  if (report.state === 'paused') {
    const stored = await storedReport(key);
    const otherFramePlays =
      stored && (stored.frameId ?? 0) !== (report.frameId ?? 0) && (stored.state === 'ready' || stored.state === 'listening');
    if (otherFramePlays && Date.now() - stored.updatedAt < PLAYING_FRESH_MS) return;
  }
  await browser.storage.session.set({ [key]: report });
  await showOnToolbar(report).catch(() => undefined); // the tab may be gone
}

/** A frame's port closed: forget the tab's report if it was that frame's (a playing embed keeps its own). */
export function forgetFrame(tabId: number, frameId: number): Promise<void> {
  return inTabOrder(tabId, async () => {
    const stored = await storedReport(storageKeyForTab(tabId));
    if (stored && (stored.frameId ?? 0) === frameId) await forgetTab(tabId);
  });
}

async function forgetTab(tabId: number): Promise<void> {
  const slot = writes.get(tabId);
  if (slot?.timer) clearTimeout(slot.timer);
  writes.delete(tabId);
  await browser.storage.session.remove([storageKeyForTab(tabId), timelineKeyForTab(tabId)]);
  await clearToolbar(tabId).catch(() => undefined);
}

/** A frame's state; only the frame whose report the tab shows may change it (with several embeds, the playing one wins). */
function markTab(tabId: number, frameId: number, state: 'paused' | 'idle' | 'listening'): Promise<void> {
  if (state !== 'listening') {
    // A report still waiting to be written would overwrite this newer state.
    const slot = writes.get(tabId);
    if (slot) slot.pending = undefined;
  }
  return inTabOrder(tabId, async () => {
    const key = storageKeyForTab(tabId);
    const stored = await storedReport(key);
    if (stored && (stored.frameId ?? 0) !== frameId) return;
    if (state === 'idle') return forgetTab(tabId);
    if (state === 'paused') {
      if (stored) await browser.storage.session.set({ [key]: { ...stored, state: 'paused', updatedAt: Date.now() } });
      await clearToolbar(tabId);
    }
  });
}

/** Who may send what: reports only from the engine's own page; tab messages only from a tab on YouTube. */
function allowed(message: BackgroundRequest, sender: Runtime.MessageSender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const fromYouTubeTab = sender.tab?.id !== undefined && typeof sender.url === 'string' && isYouTubeUrl(sender.url);
  switch (message.type) {
    case 'engine/report':
    case 'engine/closed':
      return sender.tab === undefined && sender.url === browser.runtime.getURL(OFFSCREEN_PAGE);
    case 'tab/state':
    case 'tab/timeline':
      return fromYouTubeTab;
    default:
      return true;
  }
}

async function handle(message: BackgroundRequest, sender: Runtime.MessageSender, ensureEngine: () => Promise<void>): Promise<BackgroundResponse> {
  switch (message.type) {
    case 'engine/ensure':
      await ensureEngine();
      return { ok: true };
    case 'engine/report':
      await saveReport(message.report);
      return { ok: true };
    case 'engine/closed':
      await forgetFrame(message.tabId, message.frameId);
      return { ok: true };
    case 'tab/timeline':
      await browser.storage.session.set({ [timelineKeyForTab(sender.tab!.id!)]: message.timeline });
      return { ok: true };
    case 'tab/state':
      await markTab(sender.tab!.id!, sender.frameId ?? 0, message.state);
      return { ok: true };
    default:
      return { ok: false, error: `unknown message ${message.type}` };
  }
}

/** @param ensureEngine starts the engine if it is not running (Chrome: the offscreen document). */
export function startRouter(ensureEngine: () => Promise<void>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isBackgroundRequest(message) || !allowed(message, sender)) {
      dropped('background', message);
      return undefined;
    }
    // Messages for the engine (debug/engine) are answered by the engine's host.
    if (message.type === 'debug/engine') return undefined;
    return handle(message, sender, ensureEngine).catch((error: unknown) => {
      console.error('[Genre Lens]', error);
      return { ok: false, error: error instanceof Error ? error.message : String(error) } satisfies BackgroundResponse;
    });
  });

  browser.tabs.onRemoved.addListener((tabId) => void inTabOrder(tabId, () => forgetTab(tabId)));
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    // A page Genre Lens has no access to comes without its URL: a tab that starts loading one has
    // left YouTube (a site with embedded players reports again once its players play).
    const left = change.status === 'loading' ? !(tab.url && isYouTubeUrl(tab.url)) : change.url !== undefined && !isYouTubeUrl(change.url);
    if (left) void inTabOrder(tabId, () => forgetTab(tabId));
  });
  browser.commands.onCommand.addListener((command) => void runCommand(command));
  // Lets the browser tests run a command without synthesising the key press (debug builds only).
  if (DEBUG) (globalThis as { genreLensRunCommand?: (command: string) => Promise<void> }).genreLensRunCommand = runCommand;
}

/** Keyboard shortcuts (manifest "commands"). */
async function runCommand(command: string): Promise<void> {
  if (command !== 'toggle-badge') return;
  const { badgeVisible } = await loadPreferences();
  await savePreferences({ badgeVisible: !badgeVisible });
}
