/**
 * Each tab's shown report, as the engine's reports make it: the only source of a frame's state.
 * It stores the report (storage.session, read by the popup) and sets the tab's toolbar badge,
 * and decides three things:
 * - throttle: at most one storage write per tab every WRITE_INTERVAL_MS, report and timeline
 *   together; what comes sooner waits, the newest report and the newest timeline win;
 * - order: a tab's writes run one after another, so a report still being written cannot land
 *   after a newer one (a "ready" write finishing after "paused" left a genre on the toolbar of a
 *   paused video), and a report older than the stored one from the same frame is dropped;
 * - frames: with several players in a tab (embeds), a paused frame, or one the engine had no room
 *   for, does not take the tab from another frame that is playing.
 * Its storage, toolbar and clock are given to it, so its rules are unit-tested without a browser.
 */
import { type GenreReport, storageKeyForTab, type TabTimeline, timelineKeyForTab } from '../shared/protocol.ts';
import { Throttle, type ThrottleClock } from '../shared/throttle.ts';

/** At most one storage write per tab every WRITE_INTERVAL_MS. */
export const WRITE_INTERVAL_MS = 500;
/** A paused frame does not take the tab over from another frame that reported playing this recently. */
export const PLAYING_FRESH_MS = 3000;

export interface ReportStoreDeps extends ThrottleClock {
  read(key: string): Promise<GenreReport | undefined>;
  /** One storage write (one change event) with every item given. */
  write(items: Record<string, GenreReport | TabTimeline>): Promise<void>;
  remove(keys: string[]): Promise<void>;
  showOnToolbar(report: GenreReport): Promise<void>;
  clearToolbar(tabId: number): Promise<void>;
  onError(error: unknown): void;
}

/** A frame that plays and is heard (one refused for want of room is not: it takes no tab from one that is). */
const playing = (r: GenreReport) => (r.state === 'ready' || r.state === 'listening') && r.notice !== 'busy';

interface Slot {
  throttle: Throttle<Promise<void>>;
  pending?: GenreReport;
  pendingTimeline?: TabTimeline;
}

export class ReportStore {
  private readonly slots = new Map<number, Slot>();
  private readonly queues = new Map<number, Promise<void>>();

  constructor(private readonly deps: ReportStoreDeps) {}

  /** An engine report for a tab's frame. Resolves when it is written or scheduled. */
  save(report: GenreReport): Promise<void> {
    return this.enqueue(report.tabId, (slot) => {
      slot.pending = report;
    });
  }

  /** A tab's genre timeline (from its content script). Resolves when it is written or scheduled. */
  saveTimeline(tabId: number, timeline: TabTimeline): Promise<void> {
    return this.enqueue(tabId, (slot) => {
      slot.pendingTimeline = timeline;
    });
  }

  private enqueue(tabId: number, put: (slot: Slot) => void): Promise<void> {
    let slot = this.slots.get(tabId);
    if (!slot) {
      const created: Slot = {
        // A trailing write's errors have no caller to go to.
        throttle: new Throttle(WRITE_INTERVAL_MS, () => this.flush(tabId, created).catch((error: unknown) => this.deps.onError(error)), this.deps),
      };
      slot = created;
      this.slots.set(tabId, slot);
    }
    put(slot);
    return slot.throttle.request() ?? Promise.resolve();
  }

  private flush(tabId: number, slot: Slot): Promise<void> {
    const { pending, pendingTimeline } = slot;
    slot.pending = undefined;
    slot.pendingTimeline = undefined;
    return this.inTabOrder(tabId, () => this.write(tabId, pending, pendingTimeline));
  }

  /** A frame's engine port closed: forget the tab's report if it was that frame's (a playing embed keeps its own). */
  forgetFrame(tabId: number, frameId: number): Promise<void> {
    return this.inTabOrder(tabId, async () => {
      const stored = await this.deps.read(storageKeyForTab(tabId));
      if (stored && (stored.frameId ?? 0) === frameId) await this.clear(tabId);
      // A report of that frame still waiting would bring it back.
      const slot = this.slots.get(tabId);
      if (slot?.pending && (slot.pending.frameId ?? 0) === frameId) slot.pending = undefined;
    });
  }

  /** The tab closed or left YouTube: forget everything it showed. */
  forgetTab(tabId: number): Promise<void> {
    return this.inTabOrder(tabId, () => this.clear(tabId));
  }

  /** Resolves when every write of the tab queued so far is done (tests). */
  settled(tabId: number): Promise<void> {
    return this.queues.get(tabId) ?? Promise.resolve();
  }

  private async write(tabId: number, report: GenreReport | undefined, timeline: TabTimeline | undefined): Promise<void> {
    const items: Record<string, GenreReport | TabTimeline> = {};
    if (timeline) items[timelineKeyForTab(tabId)] = timeline;
    const shown = report && (await this.accepts(report)) ? report : undefined;
    if (shown) items[storageKeyForTab(tabId)] = shown;
    if (Object.keys(items).length === 0) return;
    await this.deps.write(items);
    if (shown) await this.deps.showOnToolbar(shown).catch(() => undefined); // the tab may be gone
  }

  /** Older than what its frame stored, or a paused frame taking the tab from one that plays: not shown. */
  private async accepts(report: GenreReport): Promise<boolean> {
    const stored = await this.deps.read(storageKeyForTab(report.tabId));
    if (!stored) return true;
    const sameFrame = (stored.frameId ?? 0) === (report.frameId ?? 0);
    if (sameFrame && report.updatedAt < stored.updatedAt) return false;
    return sameFrame || playing(report) || !playing(stored) || this.deps.now() - stored.updatedAt >= PLAYING_FRESH_MS;
  }

  private async clear(tabId: number): Promise<void> {
    this.slots.get(tabId)?.throttle.cancel();
    this.slots.delete(tabId);
    await this.deps.remove([storageKeyForTab(tabId), timelineKeyForTab(tabId)]);
    await this.deps.clearToolbar(tabId).catch(() => undefined);
  }

  private inTabOrder(tabId: number, task: () => Promise<void>): Promise<void> {
    const run = (this.queues.get(tabId) ?? Promise.resolve()).then(task, task);
    this.queues.set(tabId, run);
    const done = () => {
      if (this.queues.get(tabId) === run) this.queues.delete(tabId);
    };
    run.then(done, done);
    return run;
  }
}
