declare module 'meyda/dist/node/utilities.js' {
  export function createMelFilterBank(numFilters: number, sampleRate: number, bufferSize: number): number[][];
  export function createChromaFilterBank(numFilters: number, sampleRate: number, bufferSize: number): number[][];
}
declare module 'meyda/dist/node/windowing.js' {
  export function hanning(size: number): Float32Array;
}
