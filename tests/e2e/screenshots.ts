/**
 * Where the browser tests put their screenshots: a temporary folder, so \`npm test\` leaves the work
 * tree as it found it; \`npm run screenshots\` sets GENRE_LENS_SCREENSHOTS=docs/screenshots to refresh
 * the README's pictures.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const DIR = process.env.GENRE_LENS_SCREENSHOTS || path.join(tmpdir(), 'genre-lens-screenshots');
mkdirSync(DIR, { recursive: true });

/** The file a screenshot named `name` (e.g. "badge.png") is written to. */
export const screenshotPath = (name: string) => path.join(DIR, name);
