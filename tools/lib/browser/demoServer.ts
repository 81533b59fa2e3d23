/**
 * Serves the fixture watch page and the demo clips over HTTPS with a
 * self-signed certificate made by openssl, so Chromium can be pointed at
 * https://www.youtube.com/... with --host-resolver-rules. Used by the e2e
 * tests and by `npm start`.
 */
import { YOUTUBE_HOSTS } from '../../../src/shared/youtube.ts';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeAtRate, playInTurn } from '../audio/decode.ts';
import { encodeWav } from '../audio/wav.ts';
import { ROOT } from '../root.ts';


const FIXTURE = path.join(ROOT, 'tools/demo-site');

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'genre-lens-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=www.youtube.com', '-keyout', 'key.pem', '-out', 'cert.pem'],
      { cwd: dir, stdio: 'ignore' },
    );
    return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
  } catch {
    throw new Error('openssl is needed to make a test certificate (apt-get install -y openssl)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.opus': 'audio/ogg' };

/**
 * A real talk recording from ../shared/nonmusic (the first talk clip of its labels.csv) (research-only licences: read
 * at test time, never copied into the project). Tests that need it are skipped
 * where ../shared is not beside the project.
 */
export const REAL_TALK = path.resolve(ROOT, '../shared/nonmusic/talk/gtzan-music-speech--gtzan_comedy.opus');
export const hasRealTalk = existsSync(REAL_TALK);

/** The demo page's id for a clip: YouTube ids are 11 characters, so the clip's name padded with '_'. */
export const demoId = (name: string) => name.padEnd(11, '_');

const DEMO = (name: string) => path.join(ROOT, 'assets/demo', `${name}.opus`);
/** "Videos" made of pieces of recordings, played one after the other. */
const SEQUENCES: Record<string, { file: string; seconds: number }[]> = {
  // Two genres: 20 s of the classical demo clip, then 20 s of the electronic one.
  mix: [
    { file: DEMO('classical'), seconds: 20 },
    { file: DEMO('electronic'), seconds: 20 },
  ],
  // A video that opens with 15 s of talk and then plays music, and one that ends that way.
  talkmusic: [
    { file: REAL_TALK, seconds: 15 },
    { file: DEMO('rock'), seconds: 25 },
  ],
  musictalk: [
    { file: DEMO('rock'), seconds: 15 },
    { file: REAL_TALK, seconds: 25 },
  ],
  // A long song (the rock clip three times, 90 s): npm run bench:browser measures its steady cost
  // after the first 31 s, past where the 30 s clips loop.
  longrock: [
    { file: DEMO('rock'), seconds: 30 },
    { file: DEMO('rock'), seconds: 30 },
    { file: DEMO('rock'), seconds: 30 },
  ],
};
const sequences = new Map<string, Promise<Buffer>>();

function sequenceWav(name: string): Promise<Buffer> {
  let body = sequences.get(name);
  if (!body) {
    body = (async () => {
      const rate = 48000;
      const parts = [];
      for (const part of SEQUENCES[name]!) parts.push({ samples: await decodeAtRate(part.file, rate), seconds: part.seconds });
      return encodeWav(playInTurn(parts, rate), rate);
    })();
    sequences.set(name, body);
  }
  return body;
}

/** 20 s of 16-bit mono 48 kHz PCM: silence, or white noise of the given amplitude. */
function syntheticWav(amplitude: number): Buffer {
  const rate = 48000;
  const samples = new Float32Array(rate * 20);
  let seed = 1;
  for (let i = 0; i < samples.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    samples[i] = amplitude * ((seed / 0x7fffffff) * 2 - 1);
  }
  return encodeWav(samples, rate);
}

/** Sends a body, honouring byte-range requests (media elements need them to seek). */
function send(req: IncomingMessage, res: ServerResponse, body: Buffer, type: string): void {
  const range = req.headers.range?.match(/bytes=(\d+)-(\d*)/);
  if (range) {
    const start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    res.writeHead(206, {
      'Content-Type': type,
      'Content-Range': `bytes ${start}-${end}/${body.length}`,
      'Accept-Ranges': 'bytes',
      'Content-Length': end - start + 1,
    });
    res.end(body.subarray(start, end + 1));
    return;
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Accept-Ranges': 'bytes' });
  res.end(body);
}

/** Hosts the demo server stands in for: YouTube's surfaces, and a site that embeds YouTube players. */
export const DEMO_HOSTS = [...YOUTUBE_HOSTS, 'blog.example'];

/** The shape of www.youtube.com's Content-Security-Policy header. */
export function youtubeCsp(nonce: string): string {
  return [
    "require-trusted-types-for 'script'",
    `script-src 'nonce-${nonce}' 'unsafe-inline' 'strict-dynamic' https: http: 'unsafe-eval'`,
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

export interface FixtureServer {
  port: number;
  /** Chromium flags that send DEMO_HOSTS to this server. */
  chromiumArgs: string[];
  close(): Promise<void>;
  /** Request paths seen, for assertions. */
  requests: string[];
}

/** @param preload generated media made before the server answers (a benchmark's first request must not wait for it) */
export async function startFixtureServer(preload: readonly string[] = []): Promise<FixtureServer> {
  await Promise.all(preload.map((name) => sequenceWav(name)));
  const requests: string[] = [];
  const server: Server = createServer(selfSignedCertificate(), (req, res) => {
    const url = new URL(req.url ?? '/', 'https://www.youtube.com');
    requests.push(url.pathname);
    let file: string | undefined;
    if (url.pathname === '/media/speech.wav') {
      send(req, res, readFileSync(path.join(ROOT, 'assets/test/speech.wav')), 'audio/wav');
      return;
    }
    const sequence = url.pathname.match(/^\/media\/([a-z]+)\.wav$/);
    if (sequence && SEQUENCES[sequence[1]!]) {
      void sequenceWav(sequence[1]!).then((body) => send(req, res, body, 'audio/wav'));
      return;
    }
    if (url.pathname === '/media/realtalk.opus') {
      send(req, res, readFileSync(REAL_TALK), 'audio/ogg');
      return;
    }
    const synthetic = url.pathname.match(/^\/media\/(silence|quiet)\.wav$/);
    if (synthetic) {
      send(req, res, syntheticWav(synthetic[1] === 'quiet' ? 0.0005 : 0), 'audio/wav');
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const host = (req.headers.host ?? '').split(':')[0];
    const page = (name: string) => path.join(FIXTURE, name);
    if (url.pathname === '/embed' || url.pathname.startsWith('/embed/')) file = page('embed.html');
    else if (host === 'blog.example' && url.pathname === '/') file = page('blog.html');
    else if (host === 'blog.example' && url.pathname === '/playlist') file = page('playlist.html');
    else if (host === 'blog.example' && url.pathname === '/many') file = page('many.html');
    else if (host === 'music.youtube.com' && (url.pathname === '/' || url.pathname === '/watch')) file = page('music.html');
    else if (host === 'm.youtube.com' && url.pathname === '/watch') file = page('watch.html');
    else if (['/music.js', '/embed.js', '/many.js'].includes(url.pathname)) file = page(url.pathname.slice(1));
    else if (url.pathname === '/watch') file = path.join(FIXTURE, 'watch.html');
    else if (url.pathname.startsWith('/shorts/')) file = path.join(FIXTURE, 'shorts.html');
    else if (url.pathname === '/fixture.js' || url.pathname === '/shorts.js') file = path.join(FIXTURE, url.pathname.slice(1));
    else if (url.pathname === '/' || url.pathname === '/feed/home') file = path.join(FIXTURE, 'plain.html');
    else if (/^\/media\/[a-z]+\.opus$/.test(url.pathname)) file = path.join(ROOT, 'assets/demo', path.basename(url.pathname));
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    if (host === 'm.youtube.com' && file.endsWith('watch.html')) {
      // The mobile site's watch page: the same player, inside #player-container-id.
      body = Buffer.from(
        body
          .toString('utf8')
          .replace('<div id="movie_player"', '<div id="player-container-id"><div id="movie_player"')
          .replace('<h1 id="title">', '</div>\n      <h1 id="title">'),
      );
    }
    if (file.endsWith('.html')) {
      // YouTube's pages come with a strict CSP (nonces, strict-dynamic, Trusted Types): so do these.
      const nonce = randomBytes(12).toString('base64');
      body = Buffer.from(body.toString('utf8').replaceAll('NONCE', nonce));
      res.setHeader('Content-Security-Policy', youtubeCsp(nonce));
    }
    send(req, res, body, TYPES[path.extname(file)] ?? 'application/octet-stream');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    chromiumArgs: [`--host-resolver-rules=${DEMO_HOSTS.map((h) => `MAP ${h}:443 127.0.0.1:${port}`).join(', ')}`, '--ignore-certificate-errors'],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
