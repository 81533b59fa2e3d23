/**
 * npm run classify -- FILE... [--timeline] [--model model/genre.onnx]
 * Prints the genre of each audio file, e.g.
 *   song.mp3: Rock 87%  (Folk 7%, Electronic 3%, Hip-Hop 2%, Classical 1%)
 * or, when most of it is talk or noise (the extension's "Not music?"),
 *   talk.wav: not music (music probability 4%; 100% of windows not music)
 * Bad files get one line on stderr; the others are still classified; exit 1 if any failed.
 */
import { calibrate, isCalibration } from '../src/core/calibration.ts';
import { argmax, averageProbabilities } from '../src/core/model.ts';
import { isMusicDetector, musicProbability } from '../src/core/musicness.ts';
import { notMusicTrace } from './lib/musicDetector.ts';
import { parseArgs, percent, runCli, UsageError } from './lib/cli.ts';
import { analyzeFile } from './lib/features.ts';
import { DEFAULT_MODEL, loadModel } from './lib/modelFiles.ts';

export function describe(genres: readonly string[], probabilities: ArrayLike<number>): string {
  const order = genres.map((_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]!);
  const [top, ...rest] = order;
  return `${genres[top!]} ${percent(probabilities[top!]!)}  (${rest.map((i) => `${genres[i]} ${percent(probabilities[i]!)}`).join(', ')})`;
}

async function main(): Promise<number> {
  const { flags, positional } = parseArgs(process.argv.slice(2), ['model']);
  if (positional.length === 0) throw new UsageError('usage: npm run classify -- FILE... [--timeline] [--model model/genre.onnx]');
  const { info, onnx } = await loadModel(typeof flags.get('model') === 'string' ? (flags.get('model') as string) : DEFAULT_MODEL);
  const calibration = isCalibration(info.calibration) ? info.calibration : undefined;
  const detector = isMusicDetector(info.musicDetector) ? info.musicDetector : undefined;
  let failures = 0;
  for (const file of positional) {
    try {
      const windows = await analyzeFile(file);
      const probabilities = await onnx.predict(windows.map((w) => w.features));
      const average = averageProbabilities(probabilities);
      const notMusic = detector ? notMusicTrace(detector, windows) : [];
      const notMusicShare = notMusic.filter(Boolean).length / Math.max(1, notMusic.length);
      if (detector && notMusicShare >= 0.5) {
        const p = windows.reduce((a, w) => a + musicProbability(detector, w.recent), 0) / windows.length;
        console.log(`${file}: not music (music probability ${percent(p)}; ${percent(notMusicShare)} of windows not music)`);
      } else {
        console.log(`${file}: ${describe(info.genres, calibration ? calibrate(average, calibration.power) : average)}`);
      }
      if (flags.has('timeline')) {
        windows.forEach((w, i) => {
          const p = probabilities[i]!;
          const start = Math.max(0, w.endSeconds - w.seconds);
          const label = notMusic[i] ? 'not music' : `${info.genres[argmax(p)]} ${percent(p[argmax(p)]!)}`;
          console.log(`  ${start.toFixed(1).padStart(6)}–${w.endSeconds.toFixed(1).padEnd(6)} s  ${label}`);
        });
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
