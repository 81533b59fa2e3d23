/**
 * Averages channels into one mono signal: the tools' decoded files and the capture worklet's
 * render quanta (into its own buffer, `out`, whose length is the frames to mix). Channels outer,
 * frames inner: a loop over the channels for every frame cost the audio thread more than the
 * resampler (bench: 1.7 ms per second of audio, against 0.1).
 */
export function downmix(channels: readonly Float32Array[], out?: Float32Array): Float32Array {
  if (channels.length === 0) return out?.fill(0) ?? new Float32Array(0);
  if (channels.length === 1 && !out) return channels[0]!;
  const length = out?.length ?? Math.min(...channels.map((c) => c.length));
  const mono = out ?? new Float32Array(length);
  mono.set(channels[0]!.subarray(0, length));
  for (let c = 1; c < channels.length; c++) {
    const channel = channels[c]!;
    for (let i = 0; i < length; i++) mono[i]! += channel[i]!;
  }
  if (channels.length > 1) {
    const scale = 1 / channels.length;
    for (let i = 0; i < length; i++) mono[i]! *= scale;
  }
  return mono;
}
