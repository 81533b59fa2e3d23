/**
 * npm run make-nonmusic -- [--out .cache/nonmusic]
 * Generates labelled non-music audio for the "Not music?" detector:
 *   speech/  — espeak-ng speech in several languages, voices, rates and pitches (needs `apt-get install espeak-ng`),
 *   talk/    — speech over room noise and a second, quieter speaker,
 *   noise/   — white, pink and brown noise, mains hum, and noise bursts.
 * 20 s mono WAV files at 22050 Hz. Nothing is downloaded; nothing needs a licence.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mulberry32 } from './lib/model/split.ts';
import { parseArgs, runCli } from './lib/cli.ts';
import { encodeWav } from './lib/audio/wav.ts';

const RATE = 22050;
const SECONDS = 20;
const TEXTS = [
  'Good evening and welcome to the programme. Tonight we are talking about the history of the railway, and what it meant for the small towns along the coast.',
  'The committee will meet again on Thursday to discuss the budget. Several members have asked for more time to read the proposal before they vote.',
  'So I said to him, look, if you want to get there before noon you really need to leave now, because the traffic on the bridge is terrible at this hour.',
  'In this tutorial we will install the package, open the settings page, and change the default folder. Click the button in the top right corner to begin.',
  'Scientists say the new telescope will let them see galaxies that formed only a few hundred million years after the big bang.',
  'Heute sprechen wir über das Wetter am Wochenende. Im Norden bleibt es trocken, im Süden ziehen am Nachmittag Gewitter auf.',
  'Bonjour à tous, et bienvenue dans notre émission. Aujourd’hui, nous recevons une invitée qui vient de publier son premier roman.',
  'Buenas tardes. Les presentamos las noticias del día: el gobierno anunció nuevas medidas para el transporte público.',
];
const VOICES = ['en-us', 'en-gb', 'en-gb-scotland', 'en-029', 'en-us+f3', 'en-gb+f2', 'de', 'fr', 'es', 'en-us+m4'];

const wav = (samples: Float32Array) => encodeWav(samples, RATE);

/** Reads espeak-ng's 16-bit mono WAV output (22050 Hz). */
function readPcm(bytes: Buffer): Float32Array {
  const data = bytes.indexOf('data');
  const start = data + 8;
  const count = Math.floor((bytes.length - start) / 2);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = bytes.readInt16LE(start + i * 2) / 32768;
  return out;
}

async function speak(text: string, voice: string, speed: number, pitch: number, tmp: string): Promise<Float32Array> {
  const file = path.join(tmp, 'speech.wav');
  try {
    execFileSync('espeak-ng', ['-v', voice, '-s', String(speed), '-p', String(pitch), '-w', file, text], { stdio: 'ignore' });
  } catch {
    throw new Error('espeak-ng failed or is missing: apt-get install -y espeak-ng');
  }
  return readPcm(await readFile(file));
}

/** Repeats `source` (with short pauses) to fill SECONDS. */
function fill(source: Float32Array, random: () => number): Float32Array {
  const out = new Float32Array(RATE * SECONDS);
  let at = 0;
  while (at < out.length) {
    const piece = source.subarray(0, Math.min(source.length, out.length - at));
    out.set(piece, at);
    at += piece.length + Math.floor(RATE * (0.3 + random() * 0.8));
  }
  return out;
}

function noise(kind: 'white' | 'pink' | 'brown', random: () => number, amplitude: number): Float32Array {
  const out = new Float32Array(RATE * SECONDS);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let brown = 0;
  for (let i = 0; i < out.length; i++) {
    const w = random() * 2 - 1;
    if (kind === 'white') out[i] = w;
    else if (kind === 'pink') {
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      out[i] = (b0 + b1 + b2 + w * 0.1848) * 0.25;
    } else {
      brown = (brown + 0.02 * w) / 1.02;
      out[i] = brown * 3.5;
    }
  }
  return scale(out, amplitude);
}

function scale(signal: Float32Array, peak: number): Float32Array {
  let max = 0;
  for (const v of signal) max = Math.max(max, Math.abs(v));
  if (max > 0) for (let i = 0; i < signal.length; i++) signal[i]! *= peak / max;
  return signal;
}

function mix(...parts: [Float32Array, number][]): Float32Array {
  const out = new Float32Array(RATE * SECONDS);
  for (const [signal, gain] of parts) for (let i = 0; i < out.length; i++) out[i]! += (signal[i] ?? 0) * gain;
  return scale(out, 0.8);
}

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ['out']);
  const out = typeof flags.get('out') === 'string' ? (flags.get('out') as string) : '.cache/nonmusic';
  const random = mulberry32(2026);
  const tmp = path.join(out, '.tmp');
  for (const dir of ['speech', 'talk', 'noise']) await mkdir(path.join(out, dir), { recursive: true });
  await mkdir(tmp, { recursive: true });
  let files = 0;
  for (const [v, voice] of VOICES.entries()) {
    for (let k = 0; k < 3; k++) {
      const text = TEXTS[(v * 3 + k) % TEXTS.length]!;
      const speed = 130 + Math.floor(random() * 70);
      const pitch = 25 + Math.floor(random() * 50);
      const speech = fill(await speak(text, voice, speed, pitch, tmp), random);
      await writeFile(path.join(out, 'speech', `${voice.replace('+', '_')}-${k}.wav`), wav(scale(speech, 0.3 + random() * 0.6)));
      files++;
      if (k === 0) {
        const other = fill(await speak(TEXTS[(v + 4) % TEXTS.length]!, VOICES[(v + 3) % VOICES.length]!, 170, 60, tmp), random);
        const talk = mix([speech, 1], [other, 0.35], [noise('pink', random, 1), 0.05 + random() * 0.1]);
        await writeFile(path.join(out, 'talk', `${voice.replace('+', '_')}.wav`), wav(talk));
        files++;
      }
    }
  }
  for (const kind of ['white', 'pink', 'brown'] as const) {
    for (let k = 0; k < 4; k++) {
      await writeFile(path.join(out, 'noise', `${kind}-${k}.wav`), wav(noise(kind, random, 0.05 + random() * 0.6)));
      files++;
    }
  }
  for (const hz of [50, 60]) {
    const hum = new Float32Array(RATE * SECONDS);
    for (let i = 0; i < hum.length; i++) {
      const t = i / RATE;
      hum[i] = Math.sin(2 * Math.PI * hz * t) + 0.5 * Math.sin(4 * Math.PI * hz * t) + 0.25 * Math.sin(6 * Math.PI * hz * t) + 0.02 * (random() * 2 - 1);
    }
    await writeFile(path.join(out, 'noise', `hum-${hz}.wav`), wav(scale(hum, 0.4)));
    files++;
  }
  for (let k = 0; k < 4; k++) {
    const bursts = noise('pink', random, 1);
    for (let i = 0; i < bursts.length; i++) bursts[i]! *= Math.sin((Math.PI * i) / (RATE * (0.7 + k * 0.4))) ** 8;
    await writeFile(path.join(out, 'noise', `bursts-${k}.wav`), wav(scale(bursts, 0.6)));
    files++;
  }
  await rm(tmp, { recursive: true, force: true });
  console.log(`wrote ${files} non-music clips to ${out}`);
  return 0;
}

runCli('make-nonmusic', main);
