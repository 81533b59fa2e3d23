/** Shared set-up for the browser tests: fixture server + Chromium with the extension. */
import type { BrowserContext, Frame, Page, Worker } from 'playwright-core';
import { launchWithExtension, surfaceScriptsRegistered } from '../../tools/lib/browser/chromium.ts';
import type { SwitchableSurface } from '../../src/shared/youtube.ts';
import { type BadgeState, POPUP_SAYS, pollBadge, popupSaysOf, readBadge } from './common.ts';
import { type FixtureServer, startFixtureServer } from '../../tools/lib/browser/demoServer.ts';

export type { BadgeState };

export interface StoredTimeline {
  videoId: string;
  duration: number;
  sections: { genre: string; start: number; end: number }[];
}

export class Harness {
  server!: FixtureServer;
  context!: BrowserContext;
  worker!: Worker;
  extensionId!: string;
  /** Console errors and uncaught exceptions seen in any page. */
  readonly pageErrors: string[] = [];

  /** @param dist the built extension to load (default dist/chrome) */
  async start(dist?: string, extraArgs: string[] = []): Promise<void> {
    this.server = await startFixtureServer();
    const launched = await launchWithExtension([...this.server.chromiumArgs, ...extraArgs], { dist });
    this.context = launched.context;
    this.worker = launched.worker;
    this.extensionId = launched.extensionId;
  }

  /** Switches places on in the options (the debug build holds every host) and waits for their scripts to be registered. */
  async switchOn(...surfaces: SwitchableSurface[]): Promise<void> {
    await this.worker.evaluate(async (names) => {
      const stored = ((await chrome.storage.sync.get('surfaces')).surfaces ?? {}) as Record<string, boolean>;
      await chrome.storage.sync.set({ surfaces: { ...stored, ...Object.fromEntries(names.map((name) => [name, true])) } });
    }, surfaces);
    await surfaceScriptsRegistered(this.worker);
  }

  async stop(): Promise<void> {
    await this.context?.close();
    await this.server?.close();
  }

  async open(url: string): Promise<Page> {
    const page = await this.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') this.pageErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.pageErrors.push(`${page.url()}: uncaught ${e.message}`));
    await page.goto(url);
    return page;
  }

  async badge(page: Page | Frame): Promise<BadgeState | undefined> {
    return page.evaluate(readBadge);
  }

  /** Polls the badge until `accept` holds; fails with the last state seen. */
  waitForBadge(page: Page | Frame, accept: (b: BadgeState) => boolean, timeoutMs = 20000): Promise<BadgeState> {
    return pollBadge(() => this.badge(page), accept, timeoutMs);
  }

  /** Calls genreLensDebug() in the content script's isolated world (through CDP). */
  async contentDebug(page: Page): Promise<Record<string, unknown> | undefined> {
    return (await this.inContentWorld(page, 'typeof genreLensDebug === "function" ? genreLensDebug() : undefined')) as Record<string, unknown> | undefined;
  }

  /** Evaluates `expression` (awaiting a promise) in the content script's isolated world of the page's main frame. */
  async inContentWorld(page: Page, expression: string): Promise<unknown> {
    const cdp = await page.context().newCDPSession(page);
    try {
      const contexts: { id: number; name: string; auxData?: { type?: string; frameId?: string } }[] = [];
      cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
      await cdp.send('Runtime.enable');
      const frameTree = await cdp.send('Page.getFrameTree');
      const world = contexts
        .filter((c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frameTree.frame.id)
        .find((c) => c.name === 'Genre Lens' || c.name.includes(this.extensionId));
      if (!world) return undefined;
      const result = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, returnByValue: true, awaitPromise: true });
      return result.result.value;
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  }

  async tabIdOf(page: Page): Promise<number> {
    const url = page.url();
    const id = await this.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
    if (id === undefined) throw new Error(`no tab for ${url}`);
    return id;
  }

  async toolbarBadge(tabId: number): Promise<string> {
    return this.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  }

  /** The genre timeline the popup reads for a tab. */
  async storedTimeline(tabId: number): Promise<StoredTimeline | undefined> {
    return this.worker.evaluate(async (id) => (await chrome.storage.session.get(`timeline:${id}`))[`timeline:${id}`] as StoredTimeline | undefined, tabId);
  }

  async storedReport(tabId: number): Promise<Record<string, unknown> | undefined> {
    return this.worker.evaluate(
      async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as Record<string, unknown> | undefined,
      tabId,
    );
  }

  async openPopup(tabId: number): Promise<Page> {
    const page = await this.open(`chrome-extension://${this.extensionId}/popup.html?tab=${tabId}`);
    await page.setViewportSize({ width: 320, height: 420 });
    return page;
  }

  /** What the toolbar popup says for a tab: the genre it shows, or the status of its notice. */
  async popupSays(tabId: number): Promise<string> {
    const popup = await this.openPopup(tabId);
    try {
      return await (await popup.waitForSelector(POPUP_SAYS)).evaluate(popupSaysOf);
    } finally {
      await popup.close();
    }
  }
}
