/**
 * The ears the tools can extract features with (src/core/ear.ts), and which one this run uses:
 * the shipped ear (YAMNet) unless `npm run train -- --ear NAME` chose another, or a model trained
 * on another says so in its spec (evaluate, classify). The network is loaded once per ear, its
 * file checked against the ear's SHA-256.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import type { Ear, FeatureSpec } from '../../../src/core/ear.ts';
import { EFFICIENTAT } from '../../../src/core/efficientat.ts';
import type { PatchNetwork } from '../../../src/core/patchPipeline.ts';
import { SHIPPED_EAR } from '../../../src/core/spec.ts';
import { YAMNET } from '../../../src/core/yamnet.ts';
import { EAR_SESSION_OPTIONS, earNetwork } from '../../../src/shared/earSession.ts';
import { UsageError } from '../cli.ts';
import { ROOT } from '../root.ts';

ort.env.wasm.numThreads = 1;

export const EARS: Readonly<Record<Ear['id'], Ear>> = { yamnet: YAMNET, efficientat: EFFICIENTAT };

let chosen: Ear = SHIPPED_EAR;

/** The ear this run extracts features with. */
export function toolEar(): Ear {
  return chosen;
}

export function useEar(ear: Ear): void {
  chosen = ear;
}

/** The ear named on the command line (--ear). */
export function earNamed(name: string): Ear {
  const ear = EARS[name as Ear['id']];
  if (!ear) throw new UsageError(`--ear must be one of ${Object.keys(EARS).join(', ')} (got "${name}")`);
  return ear;
}

/** The ear a model's features were made with (its spec names it; YAMNet's predate the field). */
export function earOf(spec: Pick<FeatureSpec, 'ear'>): Ear {
  const ear = EARS[(spec.ear ?? 'yamnet') as Ear['id']];
  if (!ear) throw new Error(`the model was trained with an ear this code does not know ("${spec.ear}")`);
  return ear;
}

/** The ear's network file, from the project root. */
export const earFile = (ear: Ear) => path.join(ROOT, ear.file);

const networks = new Map<Ear['id'], Promise<PatchNetwork>>();

/** The ear's network in onnxruntime-web, as the engine runs it (loaded once). */
export function nodeNetwork(ear: Ear = chosen): Promise<PatchNetwork> {
  let network = networks.get(ear.id);
  if (!network) {
    network = (async () => {
      const file = earFile(ear);
      const bytes = await readFile(file).catch(() => {
        throw new Error(`${file}: not found (${ear.id === 'yamnet' ? 'run `npm run convert-yamnet`' : `the ${ear.id} network is read from ../shared/models`})`);
      });
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (digest !== ear.sha256) throw new Error(`${file}: its SHA-256 is ${digest.slice(0, 12)}…, not the ${ear.id} ear's (${ear.sha256.slice(0, 12)}…)`);
      return earNetwork(ear, await ort.InferenceSession.create(bytes, EAR_SESSION_OPTIONS), ort.Tensor);
    })();
    networks.set(ear.id, network);
  }
  return network;
}
