/**
 * Every genre fact in one place: the five genres Genre Lens recognises (the genre head's classes,
 * in its output order) and the genres it can name when music is none of the five — each with its
 * toolbar label and colour (each ear's AudioSet classes for it are the ear's: src/core/yamnet.ts).
 * The trained models list their classes in model.json, checked against these names.
 */
export interface GenreFacts {
  readonly name: string;
  /** The toolbar badge's label (at most 4 characters). */
  readonly short: string;
  readonly color: string;
  /** Other spellings of the name (dataset folders). */
  readonly aliases?: readonly string[];
}

export const FIVE_GENRES = [
  { name: 'Rock', short: 'ROCK', color: '#c62828' },
  { name: 'Hip-Hop', short: 'HIP', color: '#6a1b9a' },
  { name: 'Folk', short: 'FOLK', color: '#8d6e00' },
  { name: 'Electronic', short: 'ELEC', color: '#1565c0' },
  { name: 'Classical', short: 'CLAS', color: '#2e7d32' },
] as const satisfies readonly GenreFacts[];

/** The five genres, in the model's output order. */
export const GENRES = FIVE_GENRES.map((g) => g.name) as readonly Genre[] as readonly ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'];
export type Genre = (typeof FIVE_GENRES)[number]['name'];

/** Music that is none of the five: the genres the "outside" head names (../shared/other's folders). */
export const OUTSIDE_GENRES: readonly GenreFacts[] = [
  { name: 'Pop', short: 'POP', color: '#6d6d6d' },
  { name: 'Jazz', short: 'JAZZ', color: '#6d6d6d' },
  { name: 'Latin', short: 'LAT', color: '#6d6d6d' },
  { name: 'R&B/Soul', short: 'R&B', color: '#6d6d6d', aliases: ['Soul-RnB'] },
  { name: 'Country', short: 'CTRY', color: '#6d6d6d' },
  { name: 'Reggae', short: 'REGG', color: '#6d6d6d' },
  { name: 'Blues', short: 'BLUS', color: '#6d6d6d' },
];

/** What is shown for music outside the five when no genre can be named: its timeline colour and toolbar label. */
export const OUTSIDE: GenreFacts = { name: 'Outside', short: '≠5', color: '#6d6d6d' };

/** The genre a report outside the five stands for: the named outside genre, or "Outside" (timeline, toolbar, the badge's data-genre). */
export function outsideGenre(outside: { genre?: string }): string {
  return outside.genre ?? OUTSIDE.name;
}

const ALL: readonly GenreFacts[] = [...FIVE_GENRES, ...OUTSIDE_GENRES, OUTSIDE];

/** A genre's facts by its name (undefined for a name not known here). */
export function genreFacts(name: string | undefined): GenreFacts | undefined {
  return name === undefined ? undefined : ALL.find((g) => g.name === name);
}

/** "Hip-Hop", "hiphop" and "hip_hop" all become "hiphop". */
export function genreKey(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** Finds the genre among `genres` whose key (or one of its aliases') matches `name`, or undefined. */
export function matchGenre(name: string, genres: readonly string[] = GENRES): string | undefined {
  const key = genreKey(name);
  return genres.find((g) => genreKey(g) === key || genreFacts(g)?.aliases?.some((alias) => genreKey(alias) === key));
}
