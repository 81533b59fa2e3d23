/**
 * Figures from the tools, in one place: `npm run bench` and `npm run bench:browser` write what they
 * measured to docs/figures/<tool>.json with the machine it ran on; README's tables are rendered
 * from those files and model/model.json (`npm run figures`), and a unit test checks README against
 * them, so no figure is typed by hand.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './root.ts';

export const FIGURES_DIR = path.join(ROOT, 'docs/figures');

/** The machine a figure was measured on: the same benchmark on another 2-core machine can differ 2×. */
export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function thisMachine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: (cpus[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

export interface FiguresFile<T> {
  tool: string;
  /** The day it was measured (UTC). */
  measuredOn: string;
  machine: Machine;
  figures: T;
}

/** Writes `figures` to docs/figures/<tool>.json with this machine; returns the file. */
export async function saveFigures<T>(tool: string, figures: T): Promise<string> {
  const file = path.join(FIGURES_DIR, `${tool}.json`);
  const record: FiguresFile<T> = { tool, measuredOn: new Date().toISOString().slice(0, 10), machine: thisMachine(), figures };
  await mkdir(FIGURES_DIR, { recursive: true });
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

export function loadFigures<T>(tool: string): FiguresFile<T> {
  return JSON.parse(readFileSync(path.join(FIGURES_DIR, `${tool}.json`), 'utf8')) as FiguresFile<T>;
}

export const describeMachine = (m: Machine) => `${m.cores} cores, ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node.replace(/^v/, '')}`;
