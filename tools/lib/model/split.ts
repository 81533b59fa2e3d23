/** Group-aware, genre-stratified splits: every artist's clips land on one side only. */
import type { Clip } from './dataset.ts';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Assigns each group to one of `fractions.length` parts so that, per genre,
 * each part gets close to its fraction of clips. Groups are labelled by their
 * majority genre; big groups are placed first, each into the part furthest
 * below its target.
 */
export function splitByGroup(clips: readonly Clip[], fractions: readonly number[], seed: number): number[] {
  const random = mulberry32(seed);
  const groups = new Map<string, number[]>();
  clips.forEach((c, i) => {
    const list = groups.get(c.group) ?? [];
    list.push(i);
    groups.set(c.group, list);
  });
  const byGenre = new Map<string, string[]>();
  for (const [group, members] of groups) {
    const counts = new Map<string, number>();
    for (const i of members) counts.set(clips[i]!.genre, (counts.get(clips[i]!.genre) ?? 0) + 1);
    const genre = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    byGenre.set(genre, [...(byGenre.get(genre) ?? []), group]);
  }
  const assignment = new Array<number>(clips.length).fill(0);
  for (const genre of [...byGenre.keys()].sort()) {
    const list = shuffle(byGenre.get(genre)!, random).sort((a, b) => groups.get(b)!.length - groups.get(a)!.length);
    const total = list.reduce((a, g) => a + groups.get(g)!.length, 0);
    const filled = new Array<number>(fractions.length).fill(0);
    for (const group of list) {
      let part = 0;
      let bestDeficit = Number.NEGATIVE_INFINITY;
      fractions.forEach((f, p) => {
        const deficit = f * total - filled[p]!;
        if (deficit > bestDeficit) {
          bestDeficit = deficit;
          part = p;
        }
      });
      filled[part]! += groups.get(group)!.length;
      for (const i of groups.get(group)!) assignment[i] = part;
    }
  }
  return assignment;
}
