/**
 * Finds labelled clips in a directory: either `DIR/<Genre>/*.{mp3,wav,ogg,opus,flac}`
 * (with an optional labels.csv giving the artist per file) or FMA's own layout
 * (`fma_large/NNN/NNNNNN.mp3` and the like with `fma_metadata/tracks.csv`, column `genre_top`).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { matchGenre } from '../../../src/core/genres.ts';

export const AUDIO_EXTENSIONS = new Set(['.mp3', '.wav', '.ogg', '.opus', '.flac', '.oga', '.m4a']);

export interface Clip {
  file: string;
  /** Path relative to the data directory, used as the clip's id. */
  id: string;
  genre: string;
  /** Grouping key for splits: clips of one artist never straddle a split. */
  group: string;
  source: string;
}

export interface DatasetScan {
  clips: Clip[];
  /** Folder or label names that match no model genre. */
  skipped: { name: string; count: number }[];
}

/** Rows of a CSV file (RFC 4180 quoting, any line ending, BOM tolerated). */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relaxColumnCount: true, skipEmptyLines: true });
}

/** "Ed Askew" and "Askew Ed" are one artist: compare sorted lower-case words. */
export function artistKey(artist: string): string {
  return artist.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).sort().join(' ');
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export async function scanDataset(dir: string, genres: readonly string[]): Promise<DatasetScan> {
  if (!(await isDirectory(dir))) throw new Error(`${dir}: data directory not found`);
  const fmaTracks = path.join(dir, 'fma_metadata', 'tracks.csv');
  if (existsSync(fmaTracks)) return scanFma(dir, fmaTracks, genres);
  return scanGenreFolders(dir, genres);
}

async function scanGenreFolders(dir: string, genres: readonly string[]): Promise<DatasetScan> {
  const labels = new Map<string, { artist: string; source: string; title: string }>();
  const labelsFile = path.join(dir, 'labels.csv');
  if (existsSync(labelsFile)) {
    const [header, ...rows] = parseCsv(await readFile(labelsFile, 'utf8'));
    const col = (name: string) => header?.indexOf(name) ?? -1;
    const fileCol = col('file');
    const artistCol = col('artist');
    const sourceCol = col('source');
    const titleCol = col('title');
    for (const r of rows) {
      if (fileCol >= 0 && r[fileCol]) labels.set(r[fileCol]!, { artist: r[artistCol] ?? '', source: r[sourceCol] ?? '', title: r[titleCol] ?? '' });
    }
  }
  const clips: Clip[] = [];
  const skipped: DatasetScan['skipped'] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const files = (await readdir(path.join(dir, entry.name)))
      .filter((f) => AUDIO_EXTENSIONS.has(path.extname(f).toLowerCase()))
      .sort();
    const genre = matchGenre(entry.name, genres);
    if (!genre) {
      if (files.length > 0) skipped.push({ name: entry.name, count: files.length });
      continue;
    }
    for (const f of files) {
      const id = `${entry.name}/${f}`;
      const label = labels.get(id);
      const artist = label?.artist || f.split('--')[0]!;
      clips.push({ file: path.join(dir, id), id, genre, group: artistKey(artist) || id, source: sourceName(label?.source ?? '', label?.title ?? '') });
    }
  }
  return { clips, skipped };
}

/**
 * Short name of a clip's source, as the leave-one-source-out evaluation groups
 * them: the datasets by name, and clips taken from public code repositories
 * (game mods, apps, example data) as one source, "repositories".
 */
export function sourceName(source: string, title = ''): string {
  if (/emotify/i.test(source)) return 'Emotify';
  // The 4Q previews, GTZAN excerpts and AudioSet segments of ../shared/other name their dataset in the title or by its authors.
  if (/\b4Q\b|Panda et al\.? TAFFC|\bMER dataset\b/i.test(source)) return '4Q';
  if (/^GTZAN\b/.test(title)) return 'GTZAN';
  if (/^(MusicCaps\/)?AudioSet\b/.test(title)) return 'AudioSet';
  if (/free music archive|\bfma\b/i.test(source)) return 'FMA';
  if (/gtzan/i.test(source)) return 'GTZAN';
  if (/audioset/i.test(source)) return 'AudioSet';
  if (/\b[\w.-]+\/[\w.-]+\b/.test(source)) return 'repositories';
  return source ? source.split(/[ ,(]/)[0]! : 'unknown';
}

async function scanFma(dir: string, tracksCsv: string, genres: readonly string[]): Promise<DatasetScan> {
  // tracks.csv has three header rows: a column family, a column name, and "track_id".
  const rows = parseCsv(await readFile(tracksCsv, 'utf8'));
  const [families, names] = rows;
  if (!families || !names) throw new Error(`${tracksCsv}: not FMA's tracks.csv`);
  const find = (family: string, name: string) => names.findIndex((n, i) => n === name && families[i] === family);
  const genreCol = find('track', 'genre_top');
  const artistCol = find('artist', 'id');
  if (genreCol < 0) throw new Error(`${tracksCsv}: no track/genre_top column`);
  const byTrack = new Map<number, { genre: string; artist: string }>();
  for (const r of rows.slice(3)) {
    const id = Number(r[0]);
    if (Number.isInteger(id)) byTrack.set(id, { genre: r[genreCol] ?? '', artist: artistCol >= 0 ? (r[artistCol] ?? '') : '' });
  }
  const clips: Clip[] = [];
  const skippedCounts = new Map<string, number>();
  const audioDirs = (await readdir(dir)).filter((d) => d.startsWith('fma_') && d !== 'fma_metadata').sort();
  for (const audioDir of audioDirs) {
    for (const sub of (await readdir(path.join(dir, audioDir))).sort()) {
      if (!(await isDirectory(path.join(dir, audioDir, sub)))) continue;
      for (const f of (await readdir(path.join(dir, audioDir, sub))).sort()) {
        if (!AUDIO_EXTENSIONS.has(path.extname(f).toLowerCase())) continue;
        const track = byTrack.get(Number.parseInt(f, 10));
        if (!track || !track.genre) continue;
        const genre = matchGenre(track.genre, genres);
        if (!genre) {
          skippedCounts.set(track.genre, (skippedCounts.get(track.genre) ?? 0) + 1);
          continue;
        }
        const id = `${audioDir}/${sub}/${f}`;
        clips.push({ file: path.join(dir, id), id, genre, group: `fma-artist-${track.artist || id}`, source: 'FMA' });
      }
    }
  }
  return { clips, skipped: [...skippedCounts].map(([name, count]) => ({ name, count })) };
}
