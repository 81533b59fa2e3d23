/**
 * Runs the capture worklet outside a browser: a stand-in for the AudioWorklet globals
 * (sampleRate, AudioWorkletProcessor with a port, registerProcessor). The unit test installs
 * it on Node's globals and imports the source; `npm run bench:browser` runs the shipped bundle
 * (dist/<browser>/capture-worklet.js) in a context of its own.
 */
import { readFile } from 'node:fs/promises';
import vm from 'node:vm';

export type CaptureProcessor = { process(inputs: Float32Array[][]): boolean; port: { onmessage?: (event: { data: unknown }) => void } };

export interface WorkletScope {
  /** What the processor posted, in order (its chunks). */
  posted: unknown[];
  /** The processor class the worklet registered (after its code ran). */
  processor(): new () => CaptureProcessor;
}

/** Puts the AudioWorkletGlobalScope stand-ins on `scope` (globalThis, or a vm context's global). */
export function installWorkletGlobals(scope: Record<string, unknown>, sampleRate: number): WorkletScope {
  const posted: unknown[] = [];
  let registered: (new () => CaptureProcessor) | undefined;
  scope.sampleRate = sampleRate;
  scope.AudioWorkletProcessor = class {
    readonly port = { postMessage: (message: unknown) => posted.push(message) };
  };
  scope.registerProcessor = (_name: string, processor: new () => CaptureProcessor) => {
    registered = processor;
  };
  return {
    posted,
    processor: () => {
      if (!registered) throw new Error('the worklet registered no processor');
      return registered;
    },
  };
}

/** Loads a built worklet bundle into a fresh context at `sampleRate`. */
export async function loadBuiltWorklet(file: string, sampleRate: number): Promise<WorkletScope> {
  const code = await readFile(file, 'utf8').catch(() => {
    throw new Error(`${file}: not built (run \`npm run build\`)`);
  });
  const context: Record<string, unknown> = { Float32Array, Uint8Array, Math, Error, TypeError, RangeError, String, Number, Array, Object };
  const scope = installWorkletGlobals(context, sampleRate);
  vm.runInNewContext(code, context, { filename: file });
  return scope;
}
