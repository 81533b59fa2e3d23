/** Shared set-up for the Firefox browser tests: demo server + Firefox ESR with dist/firefox. */
import type { Frame, Page } from 'puppeteer-core';
import { type FixtureServer, startFixtureServer } from '../../tools/lib/browser/demoServer.ts';
import { type FirefoxSession, launchFirefoxWithExtension } from '../../tools/lib/browser/firefox.ts';
import { type BadgeState, POPUP_SAYS, pollBadge, pollUntil, popupSaysOf, readBadge } from './common.ts';
import type { SwitchableSurface } from '../../src/shared/youtube.ts';

type ExtensionApi = typeof import('webextension-polyfill');

export class FirefoxHarness {
  server!: FixtureServer;
  session!: FirefoxSession;
  /** An extension page kept open to query the extension's storage, toolbar and background. */
  private extensionPage: Page | undefined;
  readonly pageErrors: string[] = [];

  /** @param dist the built extension (default: the debug build) */
  async start(prefs: Record<string, unknown> = {}, dist?: string): Promise<void> {
    this.server = await startFixtureServer();
    this.session = await launchFirefoxWithExtension(this.server.port, { prefs, dist });
    // The background registers the surfaces' scripts when it starts: pages opened before would miss them.
    await this.surfacesSynced();
  }

  private surfacesSynced(): Promise<void> {
    return this.inExtension(async (api) => {
      const background = (await api.runtime.getBackgroundPage()) as { genreLensSurfaceSync?: () => Promise<void> } | null;
      await background?.genreLensSurfaceSync?.();
    }, undefined);
  }

  /** Switches places on in the options (the debug build holds every host) and waits for their scripts to be registered. */
  async switchOn(...surfaces: SwitchableSurface[]): Promise<void> {
    await this.inExtension(async (api, names) => {
      const stored = ((await api.storage.sync.get('surfaces')).surfaces ?? {}) as Record<string, boolean>;
      await api.storage.sync.set({ surfaces: { ...stored, ...Object.fromEntries(names.map((name) => [name, true])) } });
    }, surfaces);
    await this.surfacesSynced();
  }

  async stop(): Promise<void> {
    await this.session?.close();
    await this.server?.close();
  }

  async open(url: string): Promise<Page> {
    const page = await this.session.browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') this.pageErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.pageErrors.push(`${page.url()}: uncaught ${e instanceof Error ? e.message : String(e)}`));
    await page.goto(url);
    return page;
  }

  /** The player badge in a page or in one of its frames (an embedded player). */
  badge(page: Page | Frame): Promise<BadgeState | undefined> {
    return page.evaluate(readBadge);
  }

  waitForBadge(page: Page | Frame, accept: (b: BadgeState) => boolean, timeoutMs = 20000): Promise<BadgeState> {
    return pollBadge(() => this.badge(page), accept, timeoutMs);
  }

  /** Runs `fn` with the extension API inside an extension page (it has the extension's privileges). */
  async inExtension<T, A>(fn: (api: ExtensionApi, arg: A) => Promise<T>, arg: A): Promise<T> {
    if (!this.extensionPage || this.extensionPage.isClosed()) this.extensionPage = await this.openExtensionPage('options.html');
    return this.extensionPage.evaluate(
      (source, a) => {
        const run = new Function('api', 'arg', `return (${source})(api, arg)`) as (api: unknown, arg: unknown) => Promise<T>;
        return run((globalThis as { browser?: unknown }).browser, a);
      },
      fn.toString(),
      arg as never,
    ) as Promise<T>;
  }

  tabIdOf(page: Page): Promise<number> {
    return this.inExtension(async (api, url) => {
      const tab = (await api.tabs.query({})).find((t) => t.url === url);
      if (tab?.id === undefined) throw new Error(`no tab for ${url}`);
      return tab.id;
    }, page.url());
  }

  toolbarBadge(tabId: number): Promise<string> {
    return this.inExtension((api, id) => api.action.getBadgeText({ tabId: id }), tabId);
  }

  storedReport(tabId: number): Promise<Record<string, unknown> | undefined> {
    return this.inExtension(async (api, id) => (await api.storage.session.get(`tab:${id}`))[`tab:${id}`] as Record<string, unknown> | undefined, tabId);
  }

  /** The engine host's own counters (Firefox: the background page), or undefined while it is not running. */
  engine(): Promise<{ pipelines: number; startedAt: number } | undefined> {
    return this.inExtension(async (api) => (await api.runtime.sendMessage({ type: 'debug/engine' })) as { pipelines: number; startedAt: number }, undefined);
  }

  async openPopup(tabId: number): Promise<Page> {
    const page = await this.openExtensionPage(`popup.html?tab=${tabId}`);
    await page.setViewport({ width: 320, height: 420 });
    return page;
  }

  /** What the toolbar popup says for a tab: the genre it shows, or the status of its notice. */
  async popupSays(tabId: number): Promise<string> {
    const popup = await this.openPopup(tabId);
    try {
      return await (await popup.waitForSelector(POPUP_SAYS))!.evaluate(popupSaysOf);
    } finally {
      await popup.close();
    }
  }

  /**
   * Opens one of the extension's pages. The navigation happens, but over BiDi puppeteer never
   * sees a moz-extension:// page finish loading, so wait on the document itself.
   */
  async openExtensionPage(pathAndQuery: string): Promise<Page> {
    const page = await this.session.browser.newPage();
    const url = `${this.session.extensionOrigin}/${pathAndQuery}`;
    void page.goto(url, { timeout: 0 }).catch(() => undefined);
    const loaded = () => page.evaluate(() => (document.readyState === 'complete' ? location.href : '')).catch(() => '');
    await pollUntil(loaded, (href) => href === url, `extension page ${url} loaded`, 15000);
    return page;
  }
}
