/**
 * How YAMNet runs in onnxruntime-web, in the engine and in the tools alike: one thread, the wasm
 * backend, and `disable_quant_qdq` so the int8 weights are dequantised once when the session is
 * made (measured before the FFT front end moved out of the graph: 11.6 ms per patch instead of
 * 13.2 with DequantizeLinear run on every call, the same speed as a float32 file four times its
 * size; `npm run bench` gives today's figure). Runs are queued: one session, one run
 * at a time, whichever tab asks.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { type PatchNetwork, YAMNET_CLASSES, YAMNET_IO } from '../core/yamnet.ts';
import { SPECTROGRAM_BINS, SPECTROGRAM_FRAMES, YamnetFrontEnd } from '../core/yamnetFrontEnd.ts';

export const YAMNET_SESSION_OPTIONS: InferenceSession.SessionOptions = {
  executionProviders: ['wasm'],
  graphOptimizationLevel: 'all',
  extra: { session: { disable_quant_qdq: '1' } },
};

/** The network as the live session calls it. `TensorClass` is the Tensor of the onnxruntime-web build in use. */
export function yamnetNetwork(session: InferenceSession, TensorClass: typeof Tensor): PatchNetwork {
  let queue: Promise<unknown> = Promise.resolve();
  const frontEnd = new YamnetFrontEnd();
  return (patch) => {
    const run = queue.then(async () => {
      const magnitudes = new TensorClass('float32', frontEnd.magnitudes(patch), [SPECTROGRAM_FRAMES, SPECTROGRAM_BINS]);
      // Only the scores are fetched: the embedding output is never read, so it is not copied out either.
      const out = await session.run({ [YAMNET_IO.input]: magnitudes }, [YAMNET_IO.scores]);
      const scores = out[YAMNET_IO.scores]!.data as Float32Array;
      if (scores.length !== YAMNET_CLASSES) throw new Error('yamnet.onnx gave outputs of the wrong size; reinstall Genre Lens');
      return { scores: Float32Array.from(scores) };
    });
    queue = run.catch(() => undefined);
    return run;
  };
}
