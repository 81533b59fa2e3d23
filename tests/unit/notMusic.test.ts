/**
 * The shipped "not music" detector on real audio, through the same windows
 * and decision as the extension: bundled demo music is not called not
 * music; real talk (../shared/nonmusic, read at test time, never committed)
 * is, alone and with a music bed at -20 and -10 dB under it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseModelInfo } from '../../src/core/model.ts';
import type { MusicDetector } from '../../src/core/musicness.ts';
import { analyzeFile, analyzeSamples, mixSamples } from '../../tools/lib/model/features.ts';
import { notMusicTrace } from '../../tools/lib/model/musicDetector.ts';

const TALK = path.resolve(import.meta.dirname, '../../../shared/nonmusic/talk/gtzan-music-speech--gtzan_comedy.opus');
const DEMO = ['rock', 'hiphop', 'folk', 'electronic', 'classical'].map((g) => path.resolve(import.meta.dirname, `../../assets/demo/${g}.opus`));

async function shippedDetector(): Promise<MusicDetector> {
  const info = parseModelInfo(JSON.parse(await readFile('model/model.json', 'utf8')));
  assert.ok(info.musicDetector, 'the shipped model has a "not music" detector');
  return info.musicDetector;
}

describe('the shipped "not music" detector', () => {
  it('never calls the bundled demo music "not music"; the rap clip stays music overall', async () => {
    const detector = await shippedDetector();
    for (const file of DEMO) {
      const trace = await notMusicTrace(detector, await analyzeFile(file));
      const flagged = trace.filter(Boolean).length;
      if (file.endsWith('hiphop.opus')) {
        // Known limitation (README): rap is the music closest to talk; a few windows of this clip dip below the line.
        assert.ok(flagged <= trace.length / 4, `hiphop.opus: ${flagged} of ${trace.length} windows called not music`);
        assert.equal(trace.at(-1), false, 'hiphop.opus ends as music');
      } else {
        assert.equal(flagged, 0, `${path.basename(file)}: ${flagged} windows called not music`);
      }
    }
  });

  it('calls real talk "not music" within 6 s, also over a music bed at -20 and -10 dB', { skip: !existsSync(TALK) && '../shared/nonmusic is not beside the project' }, async () => {
    const detector = await shippedDetector();
    const alone = await notMusicTrace(detector, await analyzeFile(TALK));
    assert.equal(alone[3], true, 'not music at 6 s (the fourth window)');
    assert.ok(alone.filter(Boolean).length >= alone.length - 1, `${alone.filter(Boolean).length} of ${alone.length} windows`);
    for (const db of [-20, -10]) {
      const mix = await mixSamples(TALK, DEMO[0]!, db);
      const trace = await notMusicTrace(detector, await analyzeSamples(mix.samples, mix.sampleRate));
      assert.equal(trace.at(-1), true, `talk over rock at ${db} dB ends as not music`);
      assert.ok(trace.filter(Boolean).length >= trace.length / 2, `talk over rock at ${db} dB: ${trace.filter(Boolean).length} of ${trace.length} windows not music`);
    }
  });
});
