import { IntegrityError } from "~/errors";
import { ID_BYTES, KEY_REF_BYTES } from "./format";

/** A pack's plaintext header as carried in an index object. */
export interface IndexPackSection {
  packId: string;
  header: Buffer;
}

/** Records whose pack was pruned after their subject key was deleted: kept so reads say "redacted". */
export interface IndexRedactedSection {
  keyRef: Buffer;
  ids: Buffer; // n × 32
}

export interface IndexContent {
  packs: IndexPackSection[];
  redacted: IndexRedactedSection[];
}

const VERSION = 1;
const TAG_PACK = 1;
const TAG_REDACTED = 2;

/** Serialises index content (compressed and sealed by the caller). */
export function encodeIndex(content: IndexContent): Buffer {
  const parts: Buffer[] = [Buffer.from([VERSION])];
  for (const { packId, header } of content.packs) {
    const head = Buffer.alloc(1 + 16 + 4);
    head[0] = TAG_PACK;
    Buffer.from(packId, "hex").copy(head, 1);
    head.writeUInt32LE(header.length, 17);
    parts.push(head, header);
  }
  for (const { keyRef, ids } of content.redacted) {
    const head = Buffer.alloc(1 + KEY_REF_BYTES + 4);
    head[0] = TAG_REDACTED;
    keyRef.copy(head, 1);
    head.writeUInt32LE(ids.length / ID_BYTES, 1 + KEY_REF_BYTES);
    parts.push(head, ids);
  }
  return Buffer.concat(parts);
}

/** Parses index content; IntegrityError on malformed bytes. */
export function decodeIndex(buf: Buffer, context: Record<string, unknown>): IndexContent {
  const fail = (why: string): never => {
    throw new IntegrityError(`Malformed index object: ${why}`, context);
  };
  if (buf[0] !== VERSION) fail("unknown version");
  const content: IndexContent = { packs: [], redacted: [] };
  let p = 1;
  while (p < buf.length) {
    const tag = buf[p];
    if (tag === TAG_PACK) {
      if (p + 21 > buf.length) fail("truncated pack section");
      const packId = buf.subarray(p + 1, p + 17).toString("hex");
      const len = buf.readUInt32LE(p + 17);
      p += 21;
      if (p + len > buf.length) fail("truncated pack header");
      content.packs.push({ packId, header: buf.subarray(p, p + len) });
      p += len;
    } else if (tag === TAG_REDACTED) {
      if (p + 1 + KEY_REF_BYTES + 4 > buf.length) fail("truncated redacted section");
      const keyRef = buf.subarray(p + 1, p + 1 + KEY_REF_BYTES);
      const n = buf.readUInt32LE(p + 1 + KEY_REF_BYTES);
      p += 1 + KEY_REF_BYTES + 4;
      if (p + n * ID_BYTES > buf.length) fail("truncated redacted ids");
      content.redacted.push({ keyRef, ids: buf.subarray(p, p + n * ID_BYTES) });
      p += n * ID_BYTES;
    } else {
      fail(`unknown section tag ${tag}`);
    }
  }
  return content;
}
