/** Writes 16-bit mono PCM WAV files (test fixtures, generated non-music). */
export function encodeWav(samples: Float32Array, rate: number): Buffer {
  const body = Buffer.alloc(44 + samples.length * 2);
  body.write('RIFF', 0);
  body.writeUInt32LE(36 + samples.length * 2, 4);
  body.write('WAVEfmt ', 8);
  body.writeUInt32LE(16, 16);
  body.writeUInt16LE(1, 20); // PCM
  body.writeUInt16LE(1, 22); // mono
  body.writeUInt32LE(rate, 24);
  body.writeUInt32LE(rate * 2, 28);
  body.writeUInt16LE(2, 32);
  body.writeUInt16LE(16, 34);
  body.write('data', 36);
  body.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) body.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), 44 + i * 2);
  return body;
}
