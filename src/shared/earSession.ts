/**
 * How an ear (src/core/ear.ts) runs in onnxruntime-web, in the engine and in the tools alike: one
 * thread, the wasm backend, and `disable_quant_qdq` so YAMNet's int8 weights are dequantised once
 * when the session is made (measured before the FFT front end moved out of the graph: 11.6 ms per
 * patch instead of 13.2 with DequantizeLinear run on every call, the same speed as a float32 file
 * four times its size; `npm run bench` gives today's figure). Runs are queued: one session, one
 * run at a time, whichever tab asks.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import type { Ear } from '../core/ear.ts';
import type { PatchNetwork } from '../core/patchPipeline.ts';

export const EAR_SESSION_OPTIONS: InferenceSession.SessionOptions = {
  executionProviders: ['wasm'],
  graphOptimizationLevel: 'all',
  extra: { session: { disable_quant_qdq: '1' } },
};

/** The ear's network as the live session calls it. `TensorClass` is the Tensor of the onnxruntime-web build in use. */
export function earNetwork(ear: Ear, session: InferenceSession, TensorClass: typeof Tensor): PatchNetwork {
  let queue: Promise<unknown> = Promise.resolve();
  const frontEnd = ear.frontEnd();
  const { input, output, activation } = ear.io;
  const name = ear.file.slice(ear.file.lastIndexOf('/') + 1);
  return (patch) => {
    const run = queue.then(async () => {
      const tensor = new TensorClass('float32', frontEnd.input(patch), [...frontEnd.dims]);
      // Only the scores are fetched: other outputs (YAMNet's embedding) are never read, so they are not copied out either.
      const out = await session.run({ [input]: tensor }, [output]);
      const raw = out[output]!.data as Float32Array;
      if (raw.length !== ear.outputs.classes) throw new Error(`${name} gave outputs of the wrong size; reinstall Genre Lens`);
      const scores = Float32Array.from(raw);
      if (activation === 'sigmoid') for (let i = 0; i < scores.length; i++) scores[i] = 1 / (1 + Math.exp(-scores[i]!));
      return { scores };
    });
    queue = run.catch(() => undefined);
    return run;
  };
}
