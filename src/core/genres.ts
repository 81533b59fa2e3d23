/**
 * Every genre fact in one place: the five genres Genre Lens recognises (the genre head's classes,
 * in its output order) and the genres it can name when music is none of the five — each with its
 * toolbar label, colour and YAMNet's AudioSet classes for it (../shared/models/yamnet/README.md).
 * The trained models list their classes in model.json, checked against these names.
 */
export interface GenreFacts {
  readonly name: string;
  /** The toolbar badge's label (at most 4 characters). */
  readonly short: string;
  readonly color: string;
  /** YAMNet's AudioSet classes for the genre (its zero-shot mapping). */
  readonly audioSetClasses: readonly number[];
  /** Other spellings of the name (dataset folders). */
  readonly aliases?: readonly string[];
}

export const FIVE_GENRES = [
  { name: 'Rock', short: 'ROCK', color: '#c62828', audioSetClasses: [214, 215, 216, 217, 218, 219, 220] },
  { name: 'Hip-Hop', short: 'HIP', color: '#6a1b9a', audioSetClasses: [212, 31] },
  { name: 'Folk', short: 'FOLK', color: '#8d6e00', audioSetClasses: [228, 224, 226, 259] },
  { name: 'Electronic', short: 'ELEC', color: '#1565c0', audioSetClasses: [234, 235, 236, 237, 238, 239, 240, 241, 242] },
  { name: 'Classical', short: 'CLAS', color: '#2e7d32', audioSetClasses: [232, 233] },
] as const satisfies readonly GenreFacts[];

/** The five genres, in the model's output order. */
export const GENRES = FIVE_GENRES.map((g) => g.name) as readonly Genre[] as readonly ['Rock', 'Hip-Hop', 'Folk', 'Electronic', 'Classical'];
export type Genre = (typeof FIVE_GENRES)[number]['name'];

/** Music that is none of the five: the genres the "outside" head names (../shared/other's folders). */
export const OUTSIDE_GENRES: readonly GenreFacts[] = [
  { name: 'Pop', short: 'POP', color: '#6d6d6d', audioSetClasses: [211] },
  { name: 'Jazz', short: 'JAZZ', color: '#6d6d6d', audioSetClasses: [230, 225] },
  { name: 'Latin', short: 'LAT', color: '#6d6d6d', audioSetClasses: [243, 244, 245] },
  { name: 'R&B/Soul', short: 'R&B', color: '#6d6d6d', audioSetClasses: [221, 222, 227, 231], aliases: ['Soul-RnB'] },
  { name: 'Country', short: 'CTRY', color: '#6d6d6d', audioSetClasses: [224, 226] },
  { name: 'Reggae', short: 'REGG', color: '#6d6d6d', audioSetClasses: [223, 258] },
  { name: 'Blues', short: 'BLUS', color: '#6d6d6d', audioSetClasses: [246] },
];

/** What is shown for music outside the five when no genre can be named: its timeline colour and toolbar label. */
export const OUTSIDE: GenreFacts = { name: 'Outside', short: '≠5', color: '#6d6d6d', audioSetClasses: [] };

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
