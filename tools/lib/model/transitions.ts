/**
 * Videos that open with talk and then play music, replayed through the extension's own live
 * session (src/core/liveSession.ts): 15 s of a speech/talk recording, then 25 s of a music
 * clip (each looped to fill its part), at 48 kHz in 1 s chunks as the page sends them.
 */
import type { GenrePredictor, LiveModel, Shown } from '../../../src/core/liveSession.ts';
import type { Clip } from './dataset.ts';
import { decodeAtRate, playInTurn } from '../audio/decode.ts';
import { replayAudio } from './liveReplay.ts';
import { medianAndP90 } from './metrics.ts';

const RATE = 48000;
export const TALK_SECONDS = 15;
const MUSIC_SECONDS = 25;
/** The music's genre is read this long after the music starts. */
export const READ_AFTER_SECONDS = 10;

export interface TransitionMeasure {
  clips: number;
  /** Talk windows (of all clips) that showed a genre. */
  talkWindowsWithGenre: number;
  /** Median and 90th percentile, over clips, of the seconds from the music's start to its first genre. */
  firstGuessSeconds: { median: number; p90: number };
  /** Clips whose first genre after the talk was the right one. */
  firstGuessAccuracy: number;
  /** Clips showing the right genre READ_AFTER_SECONDS after the music started. */
  accuracyAfter10s: number;
}

/** Replays talk-then-music through the live session; talk recordings are used in turn. */
export async function measureTransitions(model: LiveModel, predict: GenrePredictor, music: readonly Clip[], talkFiles: readonly string[]): Promise<TransitionMeasure> {
  if (talkFiles.length === 0) throw new Error('no speech or talk recordings to open the videos with');
  const talks = new Map<string, Float32Array>();
  const firsts: number[] = [];
  let talkWindows = 0;
  let talkGenre = 0;
  let firstRight = 0;
  let rightAfter = 0;
  for (const [i, clip] of music.entries()) {
    const talkFile = talkFiles[i % talkFiles.length]!;
    if (!talks.has(talkFile)) talks.set(talkFile, await decodeAtRate(talkFile, RATE));
    const audio = playInTurn(
      [
        { samples: talks.get(talkFile)!, seconds: TALK_SECONDS },
        { samples: await decodeAtRate(clip.file, RATE), seconds: MUSIC_SECONDS },
      ],
      RATE,
    );
    const trace = await replayAudio(model, predict, audio, RATE);
    const genreAt = (shown: Shown) => (shown.state === 'ready' ? model.genres[shown.top] : undefined);
    let first: number | undefined;
    for (const { at, shown } of trace) {
      const genre = genreAt(shown);
      if (at <= TALK_SECONDS) {
        talkWindows++;
        if (genre) talkGenre++;
      } else if (genre && first === undefined) {
        first = at - TALK_SECONDS;
        if (genre === clip.genre) firstRight++;
      }
    }
    const later = trace.filter((s) => s.at <= TALK_SECONDS + READ_AFTER_SECONDS).at(-1);
    if (later && genreAt(later.shown) === clip.genre) rightAfter++;
    firsts.push(first ?? Number.POSITIVE_INFINITY);
  }
  return {
    clips: music.length,
    talkWindowsWithGenre: talkGenre / Math.max(1, talkWindows),
    firstGuessSeconds: medianAndP90(firsts),
    firstGuessAccuracy: firstRight / Math.max(1, music.length),
    accuracyAfter10s: rightAfter / Math.max(1, music.length),
  };
}
