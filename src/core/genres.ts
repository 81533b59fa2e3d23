/** The five genres, in the model's output order. */
export const GENRES = ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'] as const;
export type Genre = (typeof GENRES)[number];

/** "Hip-Hop", "hiphop" and "hip_hop" all become "hiphop". */
export function genreKey(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** Finds the genre among `genres` whose key matches `name`, or undefined. */
export function matchGenre(name: string, genres: readonly string[] = GENRES): string | undefined {
  const key = genreKey(name);
  return genres.find((g) => genreKey(g) === key);
}
