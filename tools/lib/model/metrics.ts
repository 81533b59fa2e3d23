/** Classification metrics: accuracy, per-class precision/recall/F1, confusion matrix. */

export interface GenreMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  accuracy: number;
  macroF1: number;
  count: number;
  perGenre: Record<string, GenreMetrics>;
  /** confusion[true][predicted] */
  confusion: number[][];
}

/** Median and 90th percentile of seconds (a value of ∞ stands for "never"; ∞ for both when there are none). */
export function medianAndP90(values: readonly number[]): { median: number; p90: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.POSITIVE_INFINITY;
  return { median: quantile(0.5), p90: quantile(0.9) };
}

export function computeMetrics(truth: readonly number[], predicted: readonly number[], genres: readonly string[]): Metrics {
  const k = genres.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => {
    confusion[t]![predicted[i]!]!++;
  });
  let correct = 0;
  const perGenre: Record<string, GenreMetrics> = {};
  let f1Sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    correct += confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + row[c]!, 0);
    const precision = predictedCount ? confusion[c]![c]! / predictedCount : 0;
    const recall = support ? confusion[c]![c]! / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perGenre[genres[c]!] = { precision, recall, f1, support };
    if (support > 0) {
      f1Sum += f1;
      present++;
    }
  }
  return { accuracy: truth.length ? correct / truth.length : 0, macroF1: present ? f1Sum / present : 0, count: truth.length, perGenre, confusion };
}

const fmt = (v: number) => v.toFixed(2);

export function metricsTable(m: Metrics, genres: readonly string[]): string {
  const lines = ['| genre | precision | recall | F1 | support |', '|---|---|---|---|---|'];
  for (const g of genres) {
    const p = m.perGenre[g]!;
    lines.push(`| ${g} | ${fmt(p.precision)} | ${fmt(p.recall)} | ${fmt(p.f1)} | ${p.support} |`);
  }
  return lines.join('\n');
}

export function confusionTable(m: Metrics, genres: readonly string[]): string {
  const lines = [`| true \\ predicted | ${genres.join(' | ')} |`, `|---|${genres.map(() => '---').join('|')}|`];
  genres.forEach((g, i) => {
    lines.push(`| ${g} | ${m.confusion[i]!.join(' | ')} |`);
  });
  return lines.join('\n');
}

/** A confusion matrix as a small standalone SVG heat map. */
export function confusionSvg(m: Metrics, genres: readonly string[], title: string): string {
  const cell = 64;
  const left = 110;
  const top = 70;
  const size = genres.length * cell;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + size + 20}" height="${top + size + 40}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${title}</text>`);
  genres.forEach((g, i) => {
    const rowTotal = m.confusion[i]!.reduce((a, b) => a + b, 0) || 1;
    parts.push(`<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${g}</text>`);
    parts.push(`<text x="${left + i * cell + cell / 2}" y="${top - 8}" text-anchor="middle">${g}</text>`);
    genres.forEach((_, j) => {
      const v = m.confusion[i]![j]!;
      const share = v / rowTotal;
      const shade = Math.round(255 - share * 200);
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#999"/>`,
      );
      parts.push(
        `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" fill="${share > 0.5 ? '#fff' : '#000'}">${v}</text>`,
      );
    });
  });
  parts.push(`<text x="${left + size / 2}" y="${top + size + 25}" text-anchor="middle">predicted (rows: true genre)</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
