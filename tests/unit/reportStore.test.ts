/** The router's per-tab report store: throttle, ordering and frame arbitration, on a fake storage, toolbar and clock. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLAYING_FRESH_MS, ReportStore, WRITE_INTERVAL_MS } from '../../src/background/reportStore.ts';
import type { GenreReport, TabState, TabTimeline } from '../../src/shared/protocol.ts';

/** A fake browser: storage whose writes can be held in flight, a toolbar log and a manual clock. */
function fakeBrowser() {
  const storage = new Map<string, GenreReport>();
  const timelines = new Map<string, TabTimeline>();
  let writes = 0;
  const toolbar: string[] = [];
  const timers: { at: number; run: () => void; id: number }[] = [];
  let now = 1_000_000;
  let hold: Promise<void> | undefined;
  let nextId = 1;
  const store = new ReportStore({
    read: async (key) => storage.get(key),
    write: async (items) => {
      writes++;
      // Only the next write is held: without ordering, a later one would land first.
      const held = hold;
      hold = undefined;
      if (held) await held;
      for (const [key, item] of Object.entries(items)) {
        if (key.startsWith('timeline:')) timelines.set(key, item as TabTimeline);
        else storage.set(key, item as GenreReport);
      }
    },
    remove: async (keys) => {
      for (const k of keys) storage.delete(k);
    },
    showOnToolbar: async (r) => {
      toolbar.push(r.state === 'ready' ? `${r.frameId ?? 0}:${r.genre}` : `${r.frameId ?? 0}:${r.state}`);
    },
    clearToolbar: async () => {
      toolbar.push('cleared');
    },
    now: () => now,
    setTimeout: (run, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    onError: (error) => {
      throw error;
    },
  });
  return {
    store,
    storage,
    timelines,
    toolbar,
    get writes() {
      return writes;
    },
    /** Moves the clock on, running the timers that fall due, and waits for the writes they start (unless told not to). */
    async advance(ms: number, settle = true) {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.run();
      }
      if (settle) await store.settled(1);
    },
    holdNextWrite() {
      let release!: () => void;
      hold = new Promise((r) => {
        release = r;
      });
      return () => release();
    },
    report(state: TabState, options: { frameId?: number; genre?: string; updatedAt?: number; notice?: GenreReport['notice'] } = {}): GenreReport {
      return {
        ...(options.notice ? { notice: options.notice } : {}),
        tabId: 1,
        frameId: options.frameId ?? 0,
        state,
        genre: options.genre,
        genres: ['Rock', 'Folk'],
        probabilities: [],
        confidence: 0.9,
        secondsHeard: 4,
        updatedAt: options.updatedAt ?? now,
      };
    },
  };
}

describe('report store', () => {
  it('writes at most once per tab every 500 ms; the newest waiting report wins', async () => {
    const b = fakeBrowser();
    await b.store.save(b.report('listening'));
    for (let i = 0; i < 10; i++) await b.store.save(b.report('ready', { genre: i < 9 ? 'Folk' : 'Rock' }));
    await b.store.settled(1);
    assert.deepEqual(b.toolbar, ['0:listening'], 'one write, the rest wait');
    await b.advance(WRITE_INTERVAL_MS);
    assert.deepEqual(b.toolbar, ['0:listening', '0:Rock']);
    assert.equal(b.storage.get('tab:1')?.genre, 'Rock');
  });

  it('report and timeline share the tab\'s one write per 500 ms: a flood of both stays bounded, the newest of each lands', async () => {
    const b = fakeBrowser();
    const timeline = (sections: number): TabTimeline => ({ videoId: 'abcdefghijk', duration: 60, sections: Array.from({ length: sections }, (_, i) => ({ start: i, end: i + 1, genre: 'Rock' })) });
    // 200 reports and 200 timelines over 2 s.
    for (let i = 0; i < 200; i++) {
      await b.store.save(b.report('ready', { genre: i % 2 ? 'Rock' : 'Folk' }));
      await b.store.saveTimeline(1, timeline(i));
      await b.advance(10);
    }
    await b.advance(WRITE_INTERVAL_MS);
    assert.ok(b.writes <= Math.ceil(2000 / WRITE_INTERVAL_MS) + 1, `${b.writes} writes`);
    assert.equal(b.storage.get('tab:1')?.genre, 'Rock');
    assert.equal(b.timelines.get('timeline:1')?.sections.length, 199);
    // One alone, after a quiet spell, goes at once.
    await b.advance(WRITE_INTERVAL_MS);
    const before = b.writes;
    await b.store.saveTimeline(1, timeline(3));
    assert.equal(b.writes, before + 1);
  });

  it('drops a report older than the stored one from the same frame (out of order)', async () => {
    const b = fakeBrowser();
    await b.store.save(b.report('paused', { updatedAt: 2_000_000 }));
    await b.advance(WRITE_INTERVAL_MS);
    await b.store.save(b.report('ready', { genre: 'Rock', updatedAt: 1_999_000 }));
    await b.store.settled(1);
    assert.equal(b.storage.get('tab:1')?.state, 'paused');
    assert.deepEqual(b.toolbar, ['0:paused']);
  });

  it('a pause during an in-flight write lands after it: the toolbar ends cleared of the genre', async () => {
    const b = fakeBrowser();
    const release = b.holdNextWrite();
    const ready = b.store.save(b.report('ready', { genre: 'Rock' }));
    await b.advance(WRITE_INTERVAL_MS, false);
    // Written in turn: it waits behind the "ready" write still in flight.
    const paused = b.store.save(b.report('paused', { genre: 'Rock' }));
    release();
    await Promise.all([ready, paused]);
    await b.store.settled(1);
    assert.equal(b.storage.get('tab:1')?.state, 'paused');
    assert.deepEqual(b.toolbar, ['0:Rock', '0:paused']);
  });

  it('two frames: a paused frame does not take the tab from one that plays; once that one is stale, it may', async () => {
    const b = fakeBrowser();
    await b.store.save(b.report('ready', { frameId: 3, genre: 'Rock' }));
    await b.advance(WRITE_INTERVAL_MS);
    await b.store.save(b.report('paused', { frameId: 5 }));
    await b.advance(WRITE_INTERVAL_MS);
    assert.equal(b.storage.get('tab:1')?.frameId, 3);
    await b.store.save(b.report('ready', { frameId: 5, genre: 'Folk' }));
    await b.advance(WRITE_INTERVAL_MS);
    assert.deepEqual([b.storage.get('tab:1')?.frameId, b.storage.get('tab:1')?.genre], [5, 'Folk'], 'a playing frame takes the tab');
    await b.advance(PLAYING_FRESH_MS);
    await b.store.save(b.report('paused', { frameId: 3 }));
    await b.advance(WRITE_INTERVAL_MS);
    assert.equal(b.storage.get('tab:1')?.frameId, 3, 'the other frame went quiet: a pause may show');
  });

  it('two frames: one the engine had no room for does not take the tab from one that plays, which takes it back', async () => {
    const b = fakeBrowser();
    await b.store.save(b.report('ready', { frameId: 3, genre: 'Rock' }));
    await b.advance(WRITE_INTERVAL_MS);
    await b.store.save(b.report('listening', { frameId: 5, notice: 'busy' }));
    await b.advance(WRITE_INTERVAL_MS);
    assert.equal(b.storage.get('tab:1')?.frameId, 3);
    await b.advance(PLAYING_FRESH_MS);
    await b.store.save(b.report('listening', { frameId: 5, notice: 'busy' }));
    await b.advance(WRITE_INTERVAL_MS);
    assert.equal(b.storage.get('tab:1')?.notice, 'busy', 'the playing frame went quiet: the refusal may show');
    await b.store.save(b.report('ready', { frameId: 3, genre: 'Rock' }));
    await b.advance(WRITE_INTERVAL_MS);
    assert.equal(b.storage.get('tab:1')?.frameId, 3, 'a frame that is heard takes the tab from a refused one at once');
  });

  it('forgetting a frame removes its report, its waiting report and the toolbar, but not another frame\'s', async () => {
    const b = fakeBrowser();
    await b.store.save(b.report('ready', { frameId: 3, genre: 'Rock' }));
    await b.store.save(b.report('ready', { frameId: 3, genre: 'Folk' }));
    await b.store.forgetFrame(1, 5);
    assert.equal(b.storage.get('tab:1')?.frameId, 3);
    await b.store.forgetFrame(1, 3);
    assert.equal(b.storage.get('tab:1'), undefined);
    await b.advance(WRITE_INTERVAL_MS);
    assert.equal(b.storage.get('tab:1'), undefined, 'the waiting report did not bring it back');
    assert.equal(b.toolbar.at(-1), 'cleared');
  });
});
