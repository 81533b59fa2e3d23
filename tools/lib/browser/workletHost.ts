/**
 * Runs the capture worklet outside a browser: a stand-in for the AudioWorklet globals
 * (sampleRate, AudioWorkletProcessor with a port, registerProcessor). The unit test installs
 * it on Node's globals and imports the source (`npm run bench:browser` times the shipped bundle in
 * Chromium with stand-ins of its own).
 */

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
