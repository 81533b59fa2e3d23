/**
 * A YAMNet conversion that starts at the waveform (its DFT inside the graph, `start: 'waveform'`)
 * as a PatchNetwork: the reference the shipped front end (src/core/yamnetFrontEnd.ts) is checked
 * and timed against. Not used by the extension.
 */
import * as ort from 'onnxruntime-web';
import { YAMNET_IO } from '../../../src/core/yamnet.ts';
import type { PatchNetwork } from '../../../src/core/patchPipeline.ts';
import { EAR_SESSION_OPTIONS } from '../../../src/shared/earSession.ts';
import { encodeModel } from '../onnxProto.ts';
import { convertTflite } from './convert.ts';
import { readTflite } from './tflite.ts';

export async function waveformNetwork(tflite: Uint8Array, hybrid = false): Promise<{ network: PatchNetwork; bytes: Uint8Array }> {
  const bytes = encodeModel(convertTflite(readTflite(tflite), { hybrid, weights: 'int8', ...YAMNET_IO, start: 'waveform' }));
  const session = await ort.InferenceSession.create(bytes, EAR_SESSION_OPTIONS);
  const network: PatchNetwork = async (patch) => {
    const out = await session.run({ [YAMNET_IO.input]: new ort.Tensor('float32', patch, [1, patch.length]) }, [YAMNET_IO.scores]);
    return { scores: out[YAMNET_IO.scores]!.data as Float32Array };
  };
  return { network, bytes };
}
