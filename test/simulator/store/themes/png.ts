/**
 * Deterministic binary assets: real PNG files (noise, so they do not
 * compress and their size is close to the target) and WOFF2-shaped fonts.
 */
import { crc32, deflateSync } from "node:zlib";
import type { Rng } from "../core";

/** A valid PNG of roughly `targetBytes` bytes, filled with seeded noise. */
export function makePng(rng: Rng, targetBytes: number): Uint8Array {
  // RGB noise compresses to ~3 bytes per pixel plus a filter byte per row.
  const pixels = Math.max(16, Math.floor(targetBytes / 3));
  const width = Math.max(4, Math.round(Math.sqrt(pixels * 1.5)));
  const height = Math.max(4, Math.round(pixels / width));
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 1; x <= width * 3; x += 4) {
      const word = Math.floor(rng.next() * 4294967296);
      raw[row + x] = word & 0xff;
      if (x + 1 <= width * 3) raw[row + x + 1] = (word >>> 8) & 0xff;
      if (x + 2 <= width * 3) raw[row + x + 2] = (word >>> 16) & 0xff;
      if (x + 3 <= width * 3) raw[row + x + 3] = (word >>> 24) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 1 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Bytes shaped like a WOFF2 font (signature and header, then seeded noise). */
export function makeWoff2(rng: Rng, bytes: number): Uint8Array {
  const out = Buffer.alloc(Math.max(48, bytes));
  out.write("wOF2", 0, "ascii");
  out.writeUInt32BE(0x00010000, 4);
  out.writeUInt32BE(out.length, 8);
  for (let i = 48; i < out.length; i++) out[i] = Math.floor(rng.next() * 256);
  return out;
}
