/** Product features: the popup's genre timeline, the badge shortcut, accessible announcements. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Harness } from './harness.ts';
import { pollUntil, screenshotPath } from './common.ts';

describe('timeline, shortcut and accessibility', () => {
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it('shows one section per genre heard, and clicking a section seeks the video there', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=mix');
    const first = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6, 20000);
    assert.equal(first.genre, 'Classical');
    await page.evaluate(() => {
      document.querySelector('video')!.currentTime = 24;
    });
    const second = await h.waitForBadge(page, (b) => b.state === 'ready' && b.seconds! >= 6 && b.genre === 'Electronic', 20000);
    assert.equal(second.genre, 'Electronic');
    const tabId = await h.tabIdOf(page);
    const popup = await h.openPopup(tabId);
    await popup.waitForSelector('.timeline .section[data-genre="Electronic"]');
    const sections = await popup.$$eval('.timeline .section', (els) => els.map((e) => ({ genre: e.getAttribute('data-genre'), label: e.getAttribute('aria-label') })));
    assert.deepEqual(
      sections.map((s) => s.genre),
      ['Classical', 'Electronic'],
    );
    assert.match(sections[0]!.label!, /^Classical from 0:0\d to 0:\d\d/);
    assert.match(sections[1]!.label!, /^Electronic from 0:(1[89]|2\d)/);
    await popup.screenshot({ path: screenshotPath('timeline.png') });
    await popup.click('.timeline .section[data-genre="Classical"]');
    // Seeked back into the classical part.
    await pollUntil(() => page.evaluate(() => document.querySelector('video')!.currentTime), (time) => time < 12, 'the video seeked back into the classical part', 5000);
    await popup.close();
    await page.close();
  });

  it('the keyboard shortcut command hides and shows the player badge in open tabs', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=rock');
    await h.waitForBadge(page, (b) => b.state === 'ready' && b.hidden === false);
    const run = () => h.worker.evaluate(() => (globalThis as unknown as { genreLensRunCommand(c: string): Promise<void> }).genreLensRunCommand('toggle-badge'));
    const commands = await h.worker.evaluate(() => chrome.commands.getAll());
    assert.ok(commands.some((c) => c.name === 'toggle-badge'), 'the shortcut is declared');
    await run();
    await h.waitForBadge(page, (b) => b.hidden === true, 3000);
    await run();
    await h.waitForBadge(page, (b) => b.hidden === false, 3000);
    await page.close();
  });

  it('the badge has an accessible name and announces genre changes politely, not every second', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=classical');
    const badge = await h.waitForBadge(page, (b) => b.state === 'ready');
    const a11y = await page.evaluate(() => {
      // Debug builds open the badge's shadow root for this; production builds close it (hostile test).
      const shadow = document.querySelector('#genre-lens-badge')!.shadowRoot!;
      const live = shadow.querySelector('[aria-live="polite"]')!;
      return { name: shadow.querySelector('[role="status"]')!.getAttribute('aria-label'), live: live.getAttribute('data-text'), text: live.textContent };
    });
    assert.match(a11y.name!, new RegExp(`^Genre Lens: ${badge.genre}`));
    // Drawn from an attribute (window.find cannot find it), and read out: the accessibility tree holds it.
    assert.equal(a11y.live, `Genre: ${badge.genre}`);
    assert.equal(a11y.text, '');
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { name?: { value?: string } }[] };
    await cdp.detach();
    assert.ok(
      nodes.some((n) => n.name?.value === `Genre: ${badge.genre}`),
      'the announcement is in the accessibility tree',
    );
    // The percentage moves every second; the announcement only on a genre change.
    const changes = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const live = document.querySelector('#genre-lens-badge')!.shadowRoot!.querySelector('[aria-live="polite"]')!;
          let count = 0;
          const observer = new MutationObserver(() => count++);
          observer.observe(live, { childList: true, characterData: true, subtree: true, attributes: true });
          setTimeout(() => {
            observer.disconnect();
            resolve(count);
          }, 3000);
        }),
    );
    assert.equal(changes, 0);
    await page.close();
  });

  it('the options page changes an open tab\'s badge live: corner, top 3, colour, window, visibility', async () => {
    const page = await h.open('https://www.youtube.com/watch?v=electronic');
    await h.waitForBadge(page, (b) => b.state === 'ready');
    const options = await h.open(`chrome-extension://${h.extensionId}/options.html`);
    await options.waitForSelector('#badge-position');
    const chipAttr = (name: string) => page.evaluate((n) => document.querySelector('#genre-lens-badge')!.shadowRoot!.querySelector('.chip')!.getAttribute(n), name);

    await options.selectOption('#badge-position', 'bottom-right');
    await pollUntil(() => chipAttr('data-position'), (position) => position === 'bottom-right', 'badge moved to bottom-right', 4000, 150);
    const box = await page.locator('#genre-lens-badge .chip').boundingBox();
    const player = await page.locator('#movie_player').boundingBox();
    assert.ok(box && player && box.x > player.x + player.width / 2 && box.y > player.y + player.height / 2, 'badge sits in the bottom-right quarter');

    await options.check('#show-top3');
    await h.waitForBadge(page, (b) => (b.text ?? '').split(' · ').length === 3, 4000);

    await options.fill('input[type="color"][data-genre="Electronic"]', '#ff8800');
    await pollUntil(() => chipAttr('style'), (style) => style?.includes('#ff8800') === true, 'badge uses the chosen colour', 4000, 150);

    await options.fill('#window-seconds', '5');
    await options.dispatchEvent('#window-seconds', 'change');
    await h.waitForBadge(page, (b) => b.state === 'listening', 4000);
    await h.waitForBadge(page, (b) => b.state === 'ready', 10000);

    await options.uncheck('#badge-visible');
    await h.waitForBadge(page, (b) => b.hidden === true, 3000);
    await options.screenshot({ path: screenshotPath('options.png'), fullPage: true });

    // Back to the defaults for the other tests.
    await options.check('#badge-visible');
    await options.uncheck('#show-top3');
    await options.selectOption('#badge-position', 'top-left');
    await options.click('text=Reset colours');
    await options.fill('#window-seconds', '10');
    await options.dispatchEvent('#window-seconds', 'change');
    await h.waitForBadge(page, (b) => b.hidden === false, 3000);
    await options.close();
    await page.close();
  });
});

