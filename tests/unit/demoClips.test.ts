/**
 * The bundled demo clips, which the browser tests play from wherever capture happens to start:
 * replayed through the live session with the shipped model from every second start (0–20 s, every
 * 2 s), no five-genre clip is ever called "not one of the five" and each ends on its own genre,
 * and the pop clip is called outside from most starts. A retrained model that moves a clip across
 * a line fails here, in seconds, before the browser tests do.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeFile } from '../../tools/lib/audio/decode.ts';
import { replayAudio } from '../../tools/lib/model/liveReplay.ts';
import { loadModel } from '../../tools/lib/model/modelFiles.ts';

const STARTS = Array.from({ length: 11 }, (_, i) => i * 2);
const FIVE = { rock: 'Rock', hiphop: 'Hip-Hop', folk: 'Folk', electronic: 'Electronic', classical: 'Classical' } as const;

it('the bundled clips keep their kind of answer from every start', { timeout: 600_000 }, async () => {
  const { info, predict, predictOutside } = await loadModel();
  const replay = async (clip: string, start: number) => {
    const audio = await decodeFile(`assets/demo/${clip}.opus`);
    return replayAudio(info, predict, audio.samples.subarray(Math.round(start * audio.sampleRate)), audio.sampleRate, { predictOutside });
  };
  for (const [clip, genre] of Object.entries(FIVE)) {
    for (const start of STARTS) {
      const trace = await replay(clip, start);
      assert.ok(!trace.some((t) => t.shown.outside), `${clip} from ${start} s: called outside the five at some point`);
      const last = trace.at(-1)!.shown;
      assert.equal(info.genres[last.top], genre, `${clip} from ${start} s ends on ${info.genres[last.top]}`);
    }
  }
  let popOutside = 0;
  for (const start of STARTS) if ((await replay('pop', start)).at(-1)!.shown.outside) popOutside++;
  assert.ok(popOutside > STARTS.length / 2, `pop ends "not one of the five" from ${popOutside} of ${STARTS.length} starts`);
});
