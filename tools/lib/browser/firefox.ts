/**
 * Launches Debian's Firefox ESR with the built extension (dist/firefox) as the
 * Firefox e2e tests and `npm start -- --firefox` need it: puppeteer-core over
 * WebDriver BiDi (Playwright cannot drive stock Firefox), the extension
 * installed as a temporary add-on under a fixed internal UUID (so its pages
 * have a known moz-extension:// origin), and https://www.youtube.com sent to
 * the local demo server through a CONNECT proxy that refuses every other host.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { DEMO_HOSTS } from './demoServer.ts';
import { FIREFOX_ID } from '../../../src/shared/protocol.ts';

/** The debug build (with test hooks) that the Firefox tests load; `npm start -- --firefox` uses dist/firefox. */
export const FIREFOX_DIST = path.resolve(import.meta.dirname, '../../../dist/debug/firefox');
export const FIREFOX_PRODUCTION_DIST = path.resolve(import.meta.dirname, '../../../dist/firefox');

/** The first version with the mock audio device pref: older ones leave every AudioContext suspended here. */
const MIN_MAJOR = 153;

export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found) throw new Error('Firefox not found: apt-get update && apt-get install -y firefox-esr, or set FIREFOX_PATH');
  const version = execFileSync(found, ['--version'], { encoding: 'utf8' }).match(/(\d+)\.\d+/);
  if (!version || Number(version[1]) < MIN_MAJOR) {
    throw new Error(`${found} is ${version?.[0] ?? 'of unknown version'}; Firefox ${MIN_MAJOR}+ is needed (apt-get update && apt-get install -y firefox-esr)`);
  }
  return found;
}

/** An HTTP proxy that tunnels CONNECT to the demo hosts (port 443) to the local server and refuses the rest. */
async function startYouTubeProxy(targetPort: number): Promise<Server> {
  const proxy = createServer((_req, res) => res.writeHead(403).end());
  proxy.on('connect', (req, socket, head) => {
    if (!DEMO_HOSTS.some((host) => req.url === `${host}:443`)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const drop = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', drop);
    socket.on('error', drop);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

export interface FirefoxSession {
  browser: Browser;
  /** moz-extension://<uuid> of the installed extension. */
  extensionOrigin: string;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(
  demoServerPort: number,
  options: { headless?: boolean; dist?: string; prefs?: Record<string, unknown> } = {},
): Promise<FirefoxSession> {
  const proxy = await startYouTubeProxy(demoServerPort);
  const proxyPort = (proxy.address() as AddressInfo).port;
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: options.headless ?? true,
    acceptInsecureCerts: true,
    // Firefox 153+ lets WebDriver open moz-extension:// pages (popup, options) only with this flag.
    args: ['--remote-allow-system-access'],
    defaultViewport: { width: 1100, height: 800 },
    extraPrefsFirefox: {
      // Without an audio device every AudioContext would stay suspended.
      'media.cubeb.force_mock_context': true,
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.trr.mode': 5,
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: uuid }),
      ...options.prefs,
    },
  });
  try {
    const id = await browser.installExtension(options.dist ?? FIREFOX_DIST);
    if (id !== FIREFOX_ID) throw new Error(`installed add-on id ${id}, expected ${FIREFOX_ID}`);
  } catch (error) {
    await browser.close();
    proxy.close();
    throw error;
  }
  return {
    browser,
    extensionOrigin: `moz-extension://${uuid}`,
    close: async () => {
      await browser.close().catch(() => undefined);
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
