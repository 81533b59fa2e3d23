/** The toolbar popup: the active tab's genre, its certainty and a bar per genre. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { GENRES } from '../core/genres.ts';
import { genreStyle } from '../shared/genreStyle.ts';
import { type GenreReport, storageKeyForTab, type TabTimeline, timelineKeyForTab } from '../shared/protocol.ts';
import { Timeline } from './Timeline.tsx';

interface TabInfo {
  id: number;
  url: string;
}

async function targetTab(): Promise<TabInfo | undefined> {
  // ?tab=ID lets the popup be opened as a page for a given tab (tests, debugging).
  const requested = Number(new URLSearchParams(location.search).get('tab'));
  const tab = requested ? await browser.tabs.get(requested) : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  return tab?.id === undefined ? undefined : { id: tab.id, url: tab.url ?? '' };
}

/** A value in chrome.storage.session, kept up to date. */
function useSessionValue<T>(key: string | undefined): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    if (key === undefined) return;
    void browser.storage.session.get(key).then((items) => setValue(items[key] as T | undefined));
    const listener = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      if (area === 'session' && key in changes) setValue(changes[key]!.newValue as T | undefined);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [key]);
  return value;
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

function Bars({ report }: { report: GenreReport }) {
  const genres = report.genres.length ? report.genres : [...GENRES];
  return (
    <ul class="bars" aria-label="Probability of each genre">
      {genres.map((genre, i) => {
        const p = report.probabilities[i] ?? 0;
        return (
          <li key={genre} class={genre === report.genre ? 'top' : ''} data-genre={genre}>
            <span class="name">{genre}</span>
            <span class="bar" aria-hidden="true">
              <span style={{ width: percent(p), background: genreStyle(genre).color }} />
            </span>
            <span class="value">{percent(p)}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Status({ tab, report }: { tab: TabInfo | undefined; report: GenreReport | undefined }) {
  if (!tab || !tab.url.startsWith('https://www.youtube.com/')) {
    return <p class="notice" data-status="no-youtube">Open a YouTube video and press play: Genre Lens will tell you its genre.</p>;
  }
  if (!report) {
    return <p class="notice" data-status="no-video">No video is playing in this tab. Press play on a YouTube video.</p>;
  }
  if (report.state === 'error') {
    return (
      <p class="notice error" role="alert" data-status="error">
        The genre engine failed: {report.message ?? 'unknown error'}. Try reloading the tab; if it persists, reinstall Genre Lens.
      </p>
    );
  }
  const heard = `${Math.floor(report.secondsHeard)} s heard`;
  return (
    <>
      {report.genre ? (
        <>
          <p class="genre" data-status={report.state} id="genre" aria-live="polite">
            {report.genre}
          </p>
          <p class="certainty">
            {percent(report.confidence)} certain · {heard}
          </p>
        </>
      ) : (
        <p class="genre" data-status={report.state} id="genre">
          Listening…
        </p>
      )}
      {report.state === 'paused' && <p class="notice" data-status="paused">Paused — press play to keep listening.</p>}
      {report.state === 'listening' && (
        <p class="notice" data-status="listening">
          {report.message ?? `Listening… the first guess comes after 3 s of audio (${heard}).`}
        </p>
      )}
      {report.probabilities.length > 0 && <Bars report={report} />}
    </>
  );
}

function Popup() {
  const [tab, setTab] = useState<TabInfo>();
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    void targetTab().then((t) => {
      setTab(t);
      setLoaded(true);
    });
  }, []);
  const report = useSessionValue<GenreReport>(tab ? storageKeyForTab(tab.id) : undefined);
  const timeline = useSessionValue<TabTimeline>(tab ? timelineKeyForTab(tab.id) : undefined);
  return (
    <>
      <header>
        <img src="icons/32.png" alt="" />
        <h1>Genre Lens</h1>
      </header>
      {loaded && <Status tab={tab} report={report} />}
      {tab && report && report.state !== 'error' && timeline && timeline.videoId === report.videoId && <Timeline tabId={tab.id} timeline={timeline} />}
      <footer>Computed on this device from the video's audio. Nothing is sent anywhere.</footer>
    </>
  );
}

render(<Popup />, document.getElementById('app')!);
