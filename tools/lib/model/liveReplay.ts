/** Plays decoded audio through the extension's live session (src/core/liveSession.ts), in 1 s chunks as the page sends them. */
import { type GenrePredictor, LiveSession, type LiveModel, type Shown } from '../../../src/core/liveSession.ts';
import { nodeNetwork } from './ears.ts';

export interface ShownAt {
  /** Seconds of the recording played when this window was shown. */
  at: number;
  shown: Shown;
}

/** What would be shown after each window of `samples` (mono at `rate`), with the recording time it came at. */
export async function replayAudio(
  model: LiveModel,
  predict: GenrePredictor,
  samples: Float32Array,
  rate: number,
  options: { predictOutside?: GenrePredictor } = {},
): Promise<ShownAt[]> {
  const session = new LiveSession(model, predict, await nodeNetwork(), { inputRate: rate, ...options });
  const out: ShownAt[] = [];
  for (let offset = 0; offset < samples.length; offset += rate) {
    const at = Math.min(samples.length, offset + rate) / rate;
    for (const shown of await session.push(samples.subarray(offset, offset + rate))) out.push({ at, shown });
  }
  return out;
}
