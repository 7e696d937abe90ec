/**
 * Deterministic, valid PNG bytes for seeded product images. Noise of varying
 * amplitude over a two-colour gradient keeps files from compressing to
 * nothing, so sizes range from a few KB to ~100 KB like real thumbnails.
 */
import { deflateSync } from "node:zlib";
import type { Rng } from "../core";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGB PNG of the given size whose pixels depend only on `rng`. */
export function renderPng(width: number, height: number, rng: Rng): Buffer {
  const from = [rng.int(30, 225), rng.int(30, 225), rng.int(30, 225)];
  const to = [rng.int(30, 225), rng.int(30, 225), rng.int(30, 225)];
  const noise = rng.pick([4, 16, 48, 96, 160]);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  // An xorshift stream is much faster than Rng per pixel and still seeded.
  let state = (Math.floor(rng.next() * 0xffffffff) | 1) >>> 0;
  let offset = 0;
  for (let y = 0; y < height; y++) {
    raw[offset++] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height);
      for (let c = 0; c < 3; c++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        const jitter = (state % noise) - noise / 2;
        raw[offset++] = Math.max(0, Math.min(255, Math.round(from[c] + (to[c] - from[c]) * t + jitter)));
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** Width and height from a PNG's IHDR, or undefined if the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || bytes[0] !== 0x89 || bytes[1] !== 0x50) return undefined;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}
