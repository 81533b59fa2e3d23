/** The toolbar badge of one tab: what `present` says of its report (short label, colour, title). */
import browser from 'webextension-polyfill';
import { t } from '../shared/i18n.ts';
import { loadPreferences } from '../shared/preferenceStore.ts';
import { present } from '../shared/presentation.ts';
import type { GenreReport } from '../shared/protocol.ts';

export async function showOnToolbar(report: GenreReport): Promise<void> {
  const { toolbar } = present(report, t, await loadPreferences());
  if (!toolbar) return clearToolbar(report.tabId);
  await browser.action.setBadgeBackgroundColor({ tabId: report.tabId, color: toolbar.color });
  await browser.action.setBadgeText({ tabId: report.tabId, text: toolbar.text });
  await browser.action.setTitle({ tabId: report.tabId, title: toolbar.title });
}

export async function clearToolbar(tabId: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '' });
  await browser.action.setTitle({ tabId, title: t('extName') });
}
