/**
 * npm run classify -- FILE... [--timeline] [--model model/genre.onnx]
 * Plays each audio file through the extension's live session and prints what the badge showed
 * longest (a genre or "Not music?"), as it last showed it, with the calibrated probabilities, e.g.
 *   song.mp3: Rock · 87%  (Rock 87%, Folk 7%, Electronic 3%, Hip-Hop 2%, Classical 1%; shown 93% of the time)
 *   duet.mp3: Unsure · Folk?  (Folk 41%, Rock 33%, …; shown 60% of the time)
 *   talk.wav: Not music?  (music probability 4%; shown 100% of the time)
 *   tune.mp3: Jazz · not one of the 5  (outside the five 91%, Jazz 78% of it; shown 80% of the time)
 * --timeline adds what the badge shows after each second of audio.
 * Bad files get one line on stderr; the others are still classified; exit 1 if any failed.
 */
import type { Shown } from '../src/core/liveSession.ts';
import { toolEar } from './lib/model/ears.ts';
import { present } from '../src/shared/presentation.ts';
import { parseArgs, percent, runCli, UsageError } from './lib/cli.ts';
import { decodeFile } from './lib/audio/decode.ts';
import { replayAudio } from './lib/model/liveReplay.ts';
import { english } from './lib/messages.ts';
import { DEFAULT_MODEL, loadModel } from './lib/model/modelFiles.ts';

export function describe(genres: readonly string[], probabilities: ArrayLike<number>): string {
  const order = genres.map((_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]!);
  return order.map((i) => `${genres[i]} ${percent(probabilities[i]!)}`).join(', ');
}

const presented = (genres: readonly string[], shown: Shown) => present({ ...shown, genre: genres[shown.top] }, english);

async function main(): Promise<number> {
  const { flags, positional } = parseArgs(process.argv.slice(2), ['model']);
  if (positional.length === 0) throw new UsageError('usage: npm run classify -- FILE... [--timeline] [--model model/genre.onnx]');
  const { info, predict, predictOutside } = await loadModel(typeof flags.get('model') === 'string' ? (flags.get('model') as string) : DEFAULT_MODEL);
  let failures = 0;
  for (const file of positional) {
    try {
      const audio = await decodeFile(file);
      const trace = await replayAudio(info, predict, audio.samples, audio.sampleRate, { predictOutside });
      if (trace.length === 0) throw new Error(`too short (${(audio.samples.length / audio.sampleRate).toFixed(1)} s; at least ${toolEar().spec.minWindowSeconds} s needed)`);
      // The badge's answer for the file: what it showed longest (a genre, or "Not music?"), as it last showed it.
      const keyOf = (shown: Shown) => {
        const { answer, genre } = presented(info.genres, shown);
        return answer === 'none' ? undefined : `${answer === 'unsure' ? 'genre' : answer}:${genre ?? ''}`;
      };
      const counts = new Map<string | undefined, number>();
      for (const { shown } of trace) if (keyOf(shown) !== undefined) counts.set(keyOf(shown), (counts.get(keyOf(shown)) ?? 0) + 1);
      const answer = [...counts].sort((a, b) => b[1] - a[1])[0];
      const last = [...trace].reverse().find(({ shown }) => keyOf(shown) === answer?.[0])!.shown;
      const share = `shown ${percent((answer?.[1] ?? trace.length) / trace.length)} of the time`;
      const details =
        last.state === 'ready' && last.outside
          ? `outside the five ${percent(last.outside.probability)}${last.outside.genre ? `, ${last.outside.genre} ${percent(last.outside.share)} of it` : ''}; ${share}`
          : last.state === 'ready' && last.probabilities
          ? `${describe(info.genres, last.probabilities)}; ${share}`
          : `music probability ${percent(last.musicProbability ?? 0)}; ${share}`;
      console.log(`${file}: ${presented(info.genres, last).label}  (${details})`);
      if (flags.has('timeline')) {
        for (const { at, shown } of trace) console.log(`  ${Math.max(0, at - 1).toFixed(1).padStart(6)}–${at.toFixed(1).padEnd(6)} s  ${presented(info.genres, shown).label}`);
      }
    } catch (error) {
      failures++;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`classify: ${message.startsWith(file) ? message : `${file}: ${message}`}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

runCli('classify', main);
