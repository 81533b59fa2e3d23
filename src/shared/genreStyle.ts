/** How each genre looks in the toolbar badge, the player badge and the popup (the facts live in src/core/genres.ts). */
import { genreFacts } from '../core/genres.ts';

export interface GenreStyle {
  short: string;
  color: string;
}

const FALLBACK: GenreStyle = { short: '?', color: '#555555' };

/** The genre's style, with the user's colour if they picked one. */
export function genreStyle(genre: string | undefined, colors: Readonly<Record<string, string>> = {}): GenreStyle {
  const facts = genreFacts(genre);
  const style = facts ? { short: facts.short, color: facts.color } : FALLBACK;
  const color = genre ? colors[genre] : undefined;
  return color ? { ...style, color } : style;
}

export function defaultGenreColor(genre: string): string {
  return genreFacts(genre)?.color ?? FALLBACK.color;
}
