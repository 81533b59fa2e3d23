/** A strip of the genre over the video's time; clicking a section seeks the video there. */
import browser from 'webextension-polyfill';
import { OUTSIDE } from '../core/genres.ts';
import type { TimelineSection } from '../core/timeline.ts';
import { t } from '../shared/i18n.ts';
import { genreStyle } from '../shared/genreStyle.ts';
import { MAIN_GENRE_COUNT } from '../shared/presentation.ts';
import type { ContentRequest, TabTimeline } from '../shared/protocol.ts';

export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A section's genre as the user reads it: music none of the five, unnamed, says so. */
const nameOf = (genre: string) => (genre === OUTSIDE.name ? t('badgeOutside', MAIN_GENRE_COUNT) : genre);

/** @param frameId the frame whose player the timeline is (a seek must not start another embed of the tab) */
export function Timeline({ tabId, frameId, timeline, colors }: { tabId: number; frameId: number; timeline: TabTimeline; colors: Record<string, string> }) {
  const { sections } = timeline;
  if (sections.length === 0) return null;
  const span = Math.max(timeline.duration, sections.at(-1)!.end, 1);
  const seek = (section: TimelineSection) =>
    void browser.tabs.sendMessage(tabId, { type: 'video/seek', time: section.start } satisfies ContentRequest, { frameId }).catch(() => undefined);
  return (
    <section class="timeline" aria-label={t('timelineLabel')}>
      <div class="strip">
        {sections.map((section) => (
          <button
            type="button"
            key={`${section.start}-${section.genre}`}
            class="section"
            data-genre={section.genre}
            style={{
              left: `${(section.start / span) * 100}%`,
              width: `${Math.max(1, ((section.end - section.start) / span) * 100)}%`,
              background: genreStyle(section.genre, colors).color,
            }}
            title={`${nameOf(section.genre)}, ${formatTime(section.start)}–${formatTime(section.end)}`}
            aria-label={t('timelineSection', nameOf(section.genre), formatTime(section.start), formatTime(section.end))}
            onClick={() => seek(section)}
          />
        ))}
      </div>
      <div class="marks" aria-hidden="true">
        <span>0:00</span>
        <span>{formatTime(span / 2)}</span>
        <span>{formatTime(span)}</span>
      </div>
    </section>
  );
}
