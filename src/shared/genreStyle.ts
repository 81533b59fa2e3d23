/** How each genre looks in the toolbar badge, the player badge and the popup. */
export interface GenreStyle {
  short: string;
  color: string;
}

const STYLES: Record<string, GenreStyle> = {
  Rock: { short: 'ROCK', color: '#c62828' },
  'Hip-Hop': { short: 'HIP', color: '#6a1b9a' },
  Folk: { short: 'FOLK', color: '#8d6e00' },
  Electronic: { short: 'ELEC', color: '#1565c0' },
  Classical: { short: 'CLAS', color: '#2e7d32' },
};

const FALLBACK: GenreStyle = { short: '?', color: '#555555' };

/** The genre's style, with the user's colour if they picked one. */
export function genreStyle(genre: string | undefined, colors: Readonly<Record<string, string>> = {}): GenreStyle {
  const style = (genre && STYLES[genre]) || FALLBACK;
  const color = genre ? colors[genre] : undefined;
  return color ? { ...style, color } : style;
}

export function defaultGenreColor(genre: string): string {
  return (STYLES[genre] ?? FALLBACK).color;
}
