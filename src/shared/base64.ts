/**
 * Bytes ⇄ base64 without btoa/atob: the capture worklet's AudioWorkletGlobalScope
 * has no btoa, and decoding straight into bytes skips atob's intermediate string
 * (measured in the engine: about half the time). Where the engine has the built-in
 * Uint8Array.prototype.toBase64 / Uint8Array.fromBase64 (Chromium 156: 0.2 ms for a second of
 * audio's 64 KB, a quarter of the table loop and no garbage), those are used.
 */
type NativeBase64 = {
  toBase64?: (this: Uint8Array) => string;
  fromBase64?: (text: string, options: { lastChunkHandling: 'strict' }) => Uint8Array;
};
const nativeToBase64 = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFromBase64 = (Uint8Array as unknown as NativeBase64).fromBase64;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAIRS: string[] = [];
for (let i = 0; i < 4096; i++) PAIRS.push(ALPHABET[i >> 6]! + ALPHABET[i & 63]!);

export function bytesToBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  const parts: string[] = [];
  const whole = bytes.length - (bytes.length % 3);
  // 3 bytes → two 12-bit halves → two table lookups; joined per block to keep strings short-lived.
  let block = '';
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    block += PAIRS[n >> 12]! + PAIRS[n & 4095]!;
    if (block.length >= 8192) {
      parts.push(block);
      block = '';
    }
  }
  const rest = bytes.length - whole;
  if (rest === 1) {
    const n = bytes[whole]! << 16;
    block += `${PAIRS[n >> 12]}==`;
  } else if (rest === 2) {
    const n = (bytes[whole]! << 16) | (bytes[whole + 1]! << 8);
    block += `${PAIRS[n >> 12]}${ALPHABET[(n >> 6) & 63]}=`;
  }
  parts.push(block);
  return parts.join('');
}

const VALUES = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** base64 → bytes; throws on characters outside the alphabet or a length that is not a multiple of 4. */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new TypeError('base64 length must be a multiple of 4');
  if (text.length === 0) return new Uint8Array(0);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (nativeFromBase64) {
    let bytes: Uint8Array;
    try {
      bytes = nativeFromBase64(text, { lastChunkHandling: 'strict' });
    } catch {
      throw new TypeError('not base64');
    }
    // The built-in skips ASCII whitespace; the table loop refuses it: so must this.
    if (bytes.length !== (text.length / 4) * 3 - padding) throw new TypeError('not base64');
    return bytes;
  }
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  const last = text.length - 4;
  let o = 0;
  for (let i = 0; i < last; i += 4) {
    const n = quad(text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2), text.charCodeAt(i + 3));
    bytes[o] = n >> 16;
    bytes[o + 1] = (n >> 8) & 255;
    bytes[o + 2] = n & 255;
    o += 3;
  }
  const c2 = text.charCodeAt(last + 2);
  const c3 = text.charCodeAt(last + 3);
  const n = quad(text.charCodeAt(last), text.charCodeAt(last + 1), padding === 2 ? 65 : c2, padding >= 1 ? 65 : c3);
  bytes[o] = n >> 16;
  if (padding < 2) bytes[o + 1] = (n >> 8) & 255;
  if (padding < 1) bytes[o + 2] = n & 255;
  return bytes;
}

/** Four base64 character codes → 24 bits. */
function quad(c0: number, c1: number, c2: number, c3: number): number {
  if ((c0 | c1 | c2 | c3) > 127) throw new TypeError('not base64');
  const a = VALUES[c0]!;
  const b = VALUES[c1]!;
  const c = VALUES[c2]!;
  const d = VALUES[c3]!;
  if ((a | b | c | d) > 63) throw new TypeError('not base64');
  return (a << 18) | (b << 12) | (c << 6) | d;
}
