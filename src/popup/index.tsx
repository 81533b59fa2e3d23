/** The toolbar popup: the active tab's genre, its certainty and a bar per genre. */
import { DEBUG } from '../shared/debug.ts';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { GENRES } from '../core/genres.ts';
import { FIRST_GUESS_SECONDS } from '../shared/figures.ts';
import { genreStyle } from '../shared/genreStyle.ts';
import { type GenreReport, storageKeyForTab, type TabTimeline, timelineKeyForTab } from '../shared/protocol.ts';
import { t } from '../shared/i18n.ts';
import { MAIN_GENRE_COUNT, namesGenre, present } from '../shared/presentation.ts';
import { Timeline } from './Timeline.tsx';
import { watchPreferences } from '../shared/preferenceStore.ts';
import type { Preferences } from '../shared/preferences.ts';
import { SWITCHABLE, type SurfaceGrants, surfaceIsOn, watchSurfaceGrants } from '../shared/surfaceAccess.ts';
import type { SwitchableSurface } from '../shared/youtube.ts';
import { isYouTubeUrl, SURFACES } from '../shared/youtube.ts';

interface TabInfo {
  id: number;
  url: string;
}

async function targetTab(): Promise<TabInfo | undefined> {
  // ?tab=ID lets the popup be opened as a page for a given tab (tests; debug builds only).
  const requested = DEBUG ? Number(new URLSearchParams(location.search).get('tab')) : 0;
  const tab = requested ? await browser.tabs.get(requested) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  return tab?.id === undefined ? undefined : { id: tab.id, url: tab.url ?? '' };
}

/** A value in chrome.storage.session, kept up to date, and whether it has been read yet. */
function useSessionValue<T>(key: string | undefined): [T | undefined, boolean] {
  const [value, setValue] = useState<{ key?: string; value?: T }>({});
  useEffect(() => {
    if (key === undefined) return;
    void browser.storage.session.get(key).then((items) => setValue({ key, value: items[key] as T | undefined }));
    const listener = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      if (area === 'session' && key in changes) setValue({ key, value: changes[key]!.newValue as T | undefined });
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [key]);
  return [value.value, key !== undefined && value.key === key];
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

function Bars({ report, colors }: { report: GenreReport; colors: Record<string, string> }) {
  return (
    <ul class="bars" aria-label={t('popupBarsLabel')}>
      {report.genres.map((genre, i) => {
        const p = report.probabilities[i] ?? 0;
        return (
          <li key={genre} class={genre === report.genre ? 'top' : ''} data-genre={genre}>
            <span class="name">{genre}</span>
            <span class="bar" aria-hidden="true">
              <span style={{ width: percent(p), background: genreStyle(genre, colors).color }} />
            </span>
            <span class="value">{percent(p)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Decided from the tab's stored report, which any frame of the tab can have made (YouTube Music,
 * m.youtube.com, an embed on any site, whose tab URL the extension cannot even see): "no YouTube
 * video" only when no frame has reported.
 */

function Status({ tab, report, colors, surfacesOff }: { tab: TabInfo | undefined; report: GenreReport | undefined; colors: Record<string, string>; surfacesOff: SwitchableSurface[] }) {
  if (!report) {
    const onYouTube = tab !== undefined && isYouTubeUrl(tab.url);
    return (
      <>
        <p class="notice" data-status={onYouTube ? 'no-video' : 'no-youtube'}>
          {t(onYouTube ? 'popupNoVideo' : 'popupNoYoutube')}
        </p>
        {/* The tab may be YouTube Music, the mobile site or an embed, whose URL the popup cannot see without access. */}
        {surfacesOff.length > 0 && (
          <p class="notice" data-status="surfaces-off" data-places={surfacesOff.join(' ')}>
            {t('popupSurfacesOff', surfacesOff.map((surface) => t(SURFACES[surface].placeName)).join(', '))}{' '}
            <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
              {t('popupOpenOptions')}
            </button>
          </p>
        )}
      </>
    );
  }
  if (report.state === 'error') {
    return (
      <p class="notice error" role="alert" data-status="error">
        {t('popupEngineFailed', report.message ?? 'unknown error')}
      </p>
    );
  }
  const seconds = Math.floor(report.secondsHeard);
  const shown = present(report, t);
  const named = namesGenre(shown.answer);
  return (
    <>
      <p class="genre" data-status={report.state} data-outside={shown.answer === 'outside' ? 'true' : undefined} id="genre" aria-live={named ? 'polite' : undefined}>
        {shown.headline}
      </p>
      {shown.answer === 'outside' ? (
        <p class="notice" data-status="outside">
          {t(report.outside?.genre ? 'popupOutsideNamed' : 'popupOutside', GENRES.join(', '), MAIN_GENRE_COUNT)}
        </p>
      ) : (
        named && <p class="certainty">{t('popupCertainty', shown.percent!, seconds)}</p>
      )}
      {report.state === 'paused' && <p class="notice" data-status="paused">{t('popupPaused')}</p>}
      {report.state === 'ready' && shown.answer === 'unsure' && (
        <p class="notice" data-status="unsure">
          {t('popupUnsure')}
        </p>
      )}
      {report.state === 'listening' && (
        <p class="notice" data-status="listening">
          {report.notice === 'quiet'
            ? t('noticeQuiet')
            : report.notice === 'busy'
              ? t('noticeBusy')
              : shown.answer === 'not-music'
                ? t('popupNotMusic')
                : t('popupListening', FIRST_GUESS_SECONDS, seconds)}
        </p>
      )}
      {report.probabilities.length > 0 && <Bars report={report} colors={colors} />}
    </>
  );
}

function Popup() {
  const [tab, setTab] = useState<TabInfo>();
  const [loaded, setLoaded] = useState(false);
  const [prefs, setPrefs] = useState<Preferences>();
  const [grants, setGrants] = useState<SurfaceGrants>();
  useEffect(() => watchPreferences(setPrefs), []);
  useEffect(() => watchSurfaceGrants(setGrants), []);
  const colors = prefs?.colors ?? {};
  const surfacesOff = prefs !== undefined && grants !== undefined ? SWITCHABLE.filter((surface) => !surfaceIsOn(surface, prefs, grants)) : [];
  useEffect(() => {
    void targetTab().then((t) => {
      setTab(t);
      setLoaded(true);
    });
  }, []);
  const [report, reportRead] = useSessionValue<GenreReport>(tab ? storageKeyForTab(tab.id) : undefined);
  const [timeline] = useSessionValue<TabTimeline>(tab ? timelineKeyForTab(tab.id) : undefined);
  return (
    <>
      <header>
        <img src="icons/32.png" alt="" />
        <h1>{t('extName')}</h1>
      </header>
      {loaded && (reportRead || !tab) && <Status tab={tab} report={report} colors={colors} surfacesOff={surfacesOff} />}
      {tab && report && report.state !== 'error' && timeline && timeline.videoId === report.videoId && <Timeline tabId={tab.id} frameId={report.frameId ?? 0} timeline={timeline} colors={colors} />}
      <footer>{t('popupFooter')}</footer>
    </>
  );
}

render(<Popup />, document.getElementById('app')!);
