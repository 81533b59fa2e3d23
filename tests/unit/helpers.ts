/** Small signal generators shared by the unit tests. */
export function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

/** Power of one frequency in a signal (Goertzel), normalised by the signal's length. */
export function tonePower(signal: Float32Array, frequency: number, sampleRate: number): number {
  const k = (2 * Math.PI * frequency) / sampleRate;
  let re = 0;
  let im = 0;
  for (let i = 0; i < signal.length; i++) {
    re += signal[i]! * Math.cos(k * i);
    im -= signal[i]! * Math.sin(k * i);
  }
  return (re * re + im * im) / signal.length ** 2;
}

export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
