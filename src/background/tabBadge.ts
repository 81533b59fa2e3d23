/** The toolbar badge of one tab: the genre's short label on its colour. */
import browser from 'webextension-polyfill';
import { outsideGenre } from '../core/genres.ts';
import { genreStyle } from '../shared/genreStyle.ts';
import { t } from '../shared/i18n.ts';
import { loadPreferences } from '../shared/preferenceStore.ts';
import type { GenreReport } from '../shared/protocol.ts';

export async function showOnToolbar(report: GenreReport): Promise<void> {
  const tabId = report.tabId;
  if (report.state === 'ready' && report.outside) {
    const name = outsideGenre(report.outside);
    const style = genreStyle(name);
    await browser.action.setBadgeBackgroundColor({ tabId, color: style.color });
    await browser.action.setBadgeText({ tabId, text: style.short });
    await browser.action.setTitle({ tabId, title: report.outside.genre ? t('badgeOutsideNamed', report.outside.genre) : t('badgeOutside') });
  } else if (report.state === 'ready' && report.genre) {
    const style = genreStyle(report.genre, (await loadPreferences()).colors);
    await browser.action.setBadgeBackgroundColor({ tabId, color: style.color });
    await browser.action.setBadgeText({ tabId, text: style.short });
    await browser.action.setTitle({ tabId, title: t('toolbarReady', report.genre, `${Math.round(report.confidence * 100)}%`) });
  } else if (report.state === 'listening') {
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#616161' });
    await browser.action.setBadgeText({ tabId, text: '…' });
    await browser.action.setTitle({ tabId, title: t('toolbarListening') });
  } else if (report.state === 'error') {
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#b71c1c' });
    await browser.action.setBadgeText({ tabId, text: '!' });
    await browser.action.setTitle({ tabId, title: t('toolbarError', report.message ?? 'error') });
  } else {
    await clearToolbar(tabId);
  }
}

export async function clearToolbar(tabId: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '' });
  await browser.action.setTitle({ tabId, title: t('extName') });
}
