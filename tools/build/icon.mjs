/** The extension's icon, painted per pixel and encoded as PNG (no image files or image libraries needed). */
import { deflateSync } from 'node:zlib';

/** The icon: a lens (ring) over three equaliser bars, drawn per pixel into a PNG. */
export function icon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const r = Math.hypot(x + 0.5 - c, y + 0.5 - c) / c;
      let color = null;
      if (r <= 1) color = [24, 28, 40, 255];
      if (r > 0.78 && r <= 0.96) color = [255, 255, 255, 255];
      const bars = [
        [0.3, 0.42, 0.55],
        [0.45, 0.57, 0.3],
        [0.6, 0.72, 0.45],
      ];
      for (const [x0, x1, top] of bars) if (u >= x0 && u < x1 && v >= top && v <= 0.72) color = [255, 82, 82, 255];
      if (color) rgba.set(color, (y * size + x) * 4);
    }
  }
  return png(size, size, rgba);
}

function png(width, height, rgba) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

