import { IntegrityError } from "~/errors";
import { createCipheriv, randomBytes } from "node:crypto";
import { aad, NONCE_BYTES, SEAL_OVERHEAD, unseal } from "./crypto";
import { ID_BYTES, KEY_REF_BYTES, PACK_MAGIC } from "./format";

/** Bytes per record entry in a pack header: id ‖ u32 offset ‖ u32 length. */
export const RECORD_ENTRY_BYTES = ID_BYTES + 8;
const BLOCK_ENTRY_FIXED = 4 + 4 + 4 + 1 + KEY_REF_BYTES + 4;
const HEADER_VERSION = 1;
/** Trailer: u32 sealed-header length ‖ 8-byte magic. */
export const PACK_TRAILER_BYTES = 4 + PACK_MAGIC.length;

/** One block as described by a pack header. */
export interface PackBlock {
  offset: number;
  length: number;
  plainLength: number;
  kind: number;
  keyRef: Buffer;
  /** `count` entries of RECORD_ENTRY_BYTES each. */
  records: Buffer;
  count: number;
}

/** Serialises the plaintext pack header. */
export function encodePackHeader(blocks: PackBlock[]): Buffer {
  let size = 1 + 4;
  for (const b of blocks) size += BLOCK_ENTRY_FIXED + b.count * RECORD_ENTRY_BYTES;
  const out = Buffer.alloc(size);
  let p = out.writeUInt8(HEADER_VERSION, 0);
  p = out.writeUInt32LE(blocks.length, p);
  for (const b of blocks) {
    p = out.writeUInt32LE(b.offset, p);
    p = out.writeUInt32LE(b.length, p);
    p = out.writeUInt32LE(b.plainLength, p);
    p = out.writeUInt8(b.kind, p);
    p += b.keyRef.copy(out, p, 0, KEY_REF_BYTES);
    p = out.writeUInt32LE(b.count, p);
    p += b.records.copy(out, p, 0, b.count * RECORD_ENTRY_BYTES);
  }
  return out;
}

/** Parses a plaintext pack header; IntegrityError on any inconsistency. */
export function decodePackHeader(buf: Buffer, context: Record<string, unknown>): PackBlock[] {
  const fail = (why: string): never => {
    throw new IntegrityError(`Malformed pack header: ${why}`, context);
  };
  if (buf.length < 5 || buf[0] !== HEADER_VERSION) fail("unknown version");
  const count = buf.readUInt32LE(1);
  let p = 5;
  const blocks: PackBlock[] = [];
  for (let i = 0; i < count; i++) {
    if (p + BLOCK_ENTRY_FIXED > buf.length) fail("truncated block entry");
    const offset = buf.readUInt32LE(p);
    const length = buf.readUInt32LE(p + 4);
    const plainLength = buf.readUInt32LE(p + 8);
    const kind = buf[p + 12];
    const keyRef = buf.subarray(p + 13, p + 13 + KEY_REF_BYTES);
    const n = buf.readUInt32LE(p + 13 + KEY_REF_BYTES);
    p += BLOCK_ENTRY_FIXED;
    const end = p + n * RECORD_ENTRY_BYTES;
    if (end > buf.length) fail("truncated record entries");
    blocks.push({ offset, length, plainLength, kind, keyRef, records: buf.subarray(p, end), count: n });
    p = end;
  }
  if (p !== buf.length) fail("trailing bytes");
  return blocks;
}

/** AAD binding a sealed block to its repository, pack, position, kind and key. */
export function blockAad(repoId: string, packId: string, index: number, kind: number, keyRef: Uint8Array): Buffer {
  return aad("snapshelf/block/v1", repoId, packId, index, kind, keyRef);
}

/** Bytes sealPackTailInto writes for a header of `headerLength` bytes. */
export const packTailLength = (headerLength: number) => headerLength + SEAL_OVERHEAD + PACK_TRAILER_BYTES;

/**
 * Writes the same bytes as sealPackTail at `out[at…]` (room for
 * packTailLength must be there) and returns the end: the header is
 * encrypted once, straight into the pack, instead of through three copies.
 */
export function sealPackTailInto(dataKey: Buffer, repoId: string, packId: string, header: Buffer, out: Buffer, at: number): number {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", dataKey, nonce);
  cipher.setAAD(aad("snapshelf/pack-header/v1", repoId, packId));
  let p = at + nonce.copy(out, at);
  p += cipher.update(header).copy(out, p);
  p += cipher.final().copy(out, p);
  p += cipher.getAuthTag().copy(out, p);
  p = out.writeUInt32LE(p - at, p);
  return p + PACK_MAGIC.copy(out, p);
}

/** Length of the sealed header from a pack's trailer bytes. */
export function headerLengthFromTrailer(trailer: Uint8Array, context: Record<string, unknown>): number {
  const buf = Buffer.from(trailer);
  if (buf.length !== PACK_TRAILER_BYTES || !buf.subarray(4).equals(PACK_MAGIC)) {
    throw new IntegrityError("Pack trailer is missing or damaged", context);
  }
  return buf.readUInt32LE(0);
}

/** Decrypts a sealed pack header. */
export function openPackHeader(dataKey: Buffer, repoId: string, packId: string, sealed: Uint8Array): Buffer {
  return unseal(dataKey, aad("snapshelf/pack-header/v1", repoId, packId), sealed, { packId, part: "pack header" });
}
