/**
 * What the user sees, decided once: the player badge, the toolbar, the popup and `npm run classify`
 * all draw a report through `present`. Pure (the translation is passed in), so one unit-test table
 * covers every state × answer.
 */
import { GENRES, OUTSIDE, outsideGenre } from '../core/genres.ts';
import { genreStyle } from './genreStyle.ts';
import type { MessageKey } from './i18n.ts';
import type { ReportNotice, TabState } from './protocol.ts';

/** A report as `present` reads it (GenreReport, or a live session's Shown with its genre named). */
export interface Presentable {
  state: TabState;
  /** The five's top genre (shown when the answer is a genre). */
  genre?: string | undefined;
  confidence: number;
  unsure?: boolean | undefined;
  /** 'no-tap': the content script cannot hear this video (an error the engine never sees). */
  notice?: ReportNotice | 'no-tap' | undefined;
  outside?: { genre?: string | undefined } | undefined;
  genres?: readonly string[];
  probabilities?: ArrayLike<number> | undefined;
  /** What went wrong, when state is 'error'. */
  message?: string | undefined;
}

/** The user's options that change what is drawn. */
export interface PresentPreferences {
  colors: Readonly<Record<string, string>>;
  showTop3: boolean;
}

/**
 * What is being said, whatever the state: a genre (plainly or unsure), music outside the five,
 * "not music", or nothing yet. A paused or listening report keeps the answer it last had.
 */
export type Answer = 'genre' | 'unsure' | 'outside' | 'not-music' | 'none';

export interface Presentation {
  state: TabState;
  answer: Answer;
  /** The player badge's text: "Rock · 87%", "Paused · Jazz · not one of the 5", "Listening…". */
  label: string;
  /** The popup's headline: the genre (or outside genre) name, "Not music?", "Listening…". */
  headline: string;
  /** The genre the answer stands for (the five's, or the outside genre / "Outside"); none for not music or nothing. */
  genre: string | undefined;
  /** The colour standing for the answer (the user's colour for one of the five). */
  color: string;
  /** The certainty shown beside a genre of the five ("87%"). */
  percent: string | undefined;
  /** What a screen reader is told when it changes ('' when nothing is to be announced). */
  announcement: string;
  /** The toolbar's badge, or undefined to clear it. */
  toolbar: { text: string; color: string; title: string } | undefined;
}

/** Every message key `present` uses. */
export type PresentKey = Extract<
  MessageKey,
  | 'badgeListening'
  | 'badgePaused'
  | 'badgePausedShowing'
  | 'badgeReady'
  | 'badgeUnsure'
  | 'badgeNotMusic'
  | 'badgeBusy'
  | 'badgeOutside'
  | 'badgeOutsideNamed'
  | 'badgeError'
  | 'badgeNoTapShort'
  | 'badgeAnnounceGenre'
  | 'popupListeningTitle'
  | 'toolbarReady'
  | 'toolbarListening'
  | 'toolbarError'
>;
export type Translate = (key: PresentKey, ...substitutions: string[]) => string;

const LISTENING_COLOR = '#616161';
const ERROR_COLOR = '#b71c1c';
const NO_PREFERENCES: PresentPreferences = { colors: {}, showTop3: false };

const percentOf = (p: number) => `${Math.round(p * 100)}%`;
/** How many main genres there are, as the messages say it ("not one of the 5"). */
export const MAIN_GENRE_COUNT = String(GENRES.length);

/** Whether the answer names a genre (of the five, unsure, or outside them): what paused keeps and the popup heads with. */
export const namesGenre = (answer: Answer) => answer === 'genre' || answer === 'unsure' || answer === 'outside';

function answerOf(report: Presentable): Answer {
  if (report.state === 'error') return 'none';
  if (report.state !== 'listening' && report.outside) return 'outside';
  if (report.state !== 'listening' && report.genre) return report.unsure ? 'unsure' : 'genre';
  return report.notice === 'not-music' ? 'not-music' : 'none';
}

export function present(report: Presentable, translate: Translate, prefs: PresentPreferences = NO_PREFERENCES): Presentation {
  const { state } = report;
  const answer = answerOf(report);
  const genre = answer === 'outside' ? outsideGenre(report.outside ?? {}) : answer === 'genre' || answer === 'unsure' ? report.genre : undefined;
  const percent = answer === 'genre' || answer === 'unsure' ? percentOf(report.confidence) : undefined;
  const color =
    state === 'error'
      ? ERROR_COLOR
      : answer === 'outside'
        ? genreStyle(OUTSIDE.name).color
        : genre
          ? genreStyle(genre, prefs.colors).color
          : LISTENING_COLOR;

  const answerLabel = (): string | undefined => {
    switch (answer) {
      case 'outside':
        return report.outside?.genre ? translate('badgeOutsideNamed', report.outside.genre, MAIN_GENRE_COUNT) : translate('badgeOutside', MAIN_GENRE_COUNT);
      case 'genre':
      case 'unsure':
        if (prefs.showTop3 && state === 'ready' && report.genres?.length && report.probabilities?.length) return top3(report);
        return answer === 'unsure' ? translate('badgeUnsure', genre!) : translate('badgeReady', genre!, percent!);
      case 'not-music':
        return translate('badgeNotMusic');
      case 'none':
        return undefined;
    }
  };
  const shown = answerLabel();
  const label =
    state === 'error'
      ? translate(report.notice === 'no-tap' ? 'badgeNoTapShort' : 'badgeError')
      : state === 'paused'
        ? namesGenre(answer)
          ? translate('badgePausedShowing', shown!)
          : translate('badgePaused')
        : (shown ?? translate(report.notice === 'busy' ? 'badgeBusy' : 'badgeListening'));

  const headline =
    answer === 'outside'
      ? (report.outside?.genre ?? translate('badgeOutside', MAIN_GENRE_COUNT))
      : genre
        ? genre
        : answer === 'not-music'
          ? translate('badgeNotMusic')
          : translate('popupListeningTitle');

  const announcement =
    state === 'error' ? translate('badgeError') : state === 'ready' && genre ? translate('badgeAnnounceGenre', answer === 'outside' ? headline : genre) : '';

  const toolbar =
    state === 'error'
      ? { text: '!', color, title: translate('toolbarError', report.message ?? 'error') }
      : state === 'ready' && genre
        ? {
            text: genreStyle(genre).short,
            color,
            title: answer === 'outside' ? shown! : translate('toolbarReady', genre, percent!),
          }
        : state === 'paused'
          ? undefined
          : { text: '…', color: LISTENING_COLOR, title: translate('toolbarListening') };

  return { state, answer, label, headline, genre, color, percent, announcement, toolbar };
}

/** "Rock 61% · Folk 22% · Electronic 9%" (the user's top-3 option). */
function top3(report: Presentable): string {
  const genres = report.genres ?? [];
  return genres
    .map((genre, i) => ({ genre, p: report.probabilities?.[i] ?? 0 }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3)
    .map((g) => `${g.genre} ${percentOf(g.p)}`)
    .join(' · ');
}
