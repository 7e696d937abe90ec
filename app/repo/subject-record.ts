import zlib from "node:zlib";
import { IntegrityError } from "~/errors";
import { aad, seal, unseal } from "./crypto";
import { KEY_REF_BYTES } from "./format";
import type { Session } from "./context";

/** AAD label of one individually sealed subject record (format 3, §4.2). */
export const SUBJECT_RECORD_LABEL = "snapshelf/subject-record/v3";
/** Inner codecs: 0 = canonical bytes as they are, 1 = raw DEFLATE (RFC 1951). */
export const CODEC_NONE = 0;
export const CODEC_DEFLATE = 1;
/** Records shorter than this are not worth a compressor call. */
export const SUBJECT_COMPRESS_MIN = 128;
/** Header bytes before the sealed body: keyRef(32) ‖ u8 codec. */
export const SUBJECT_RECORD_HEADER = KEY_REF_BYTES + 1;

/**
 * The stored payload of a subject record (block kind 4):
 * `keyRef ‖ codec ‖ seal(subjectKey, aad(label, repoId, id, keyRef), body)`.
 * Must match the worker's copy in worker-pool.ts byte for byte.
 */
export function sealSubjectRecord(repoId: string, id: Uint8Array, keyRef: Uint8Array, key: Uint8Array, canonical: Uint8Array): Buffer {
  let codec = CODEC_NONE;
  let body: Uint8Array = canonical;
  if (canonical.length >= SUBJECT_COMPRESS_MIN) {
    const packed = zlib.deflateRawSync(canonical, { level: 1 });
    if (packed.length < canonical.length) {
      codec = CODEC_DEFLATE;
      body = packed;
    }
  }
  const sealed = seal(key, aad(SUBJECT_RECORD_LABEL, repoId, id, keyRef), body);
  return Buffer.concat([keyRef, Buffer.from([codec]), sealed]);
}

/** The key reference a stored subject record was sealed under. */
export function subjectRecordKeyRef(payload: Uint8Array): Buffer {
  if (payload.length < SUBJECT_RECORD_HEADER) throw new IntegrityError("Subject record is truncated", { length: payload.length });
  return Buffer.from(payload.subarray(0, KEY_REF_BYTES));
}

/**
 * Canonical bytes of a stored subject record. RedactedError (from the key
 * lookup) when the subject was forgotten; IntegrityError when the bytes were
 * altered. The caller still re-hashes the result against the record id.
 */
export async function openSubjectRecord(session: Session, id: Uint8Array, payload: Uint8Array): Promise<Buffer> {
  const keyRef = subjectRecordKeyRef(payload);
  const key = await session.subjects.keyFor(keyRef);
  const context = { recordId: Buffer.from(id).toString("hex") };
  const body = unseal(key, aad(SUBJECT_RECORD_LABEL, session.repoId, id, keyRef), payload.subarray(SUBJECT_RECORD_HEADER), context);
  const codec = payload[KEY_REF_BYTES];
  if (codec === CODEC_NONE) return body;
  if (codec === CODEC_DEFLATE) {
    try {
      return zlib.inflateRawSync(body);
    } catch (cause) {
      throw new IntegrityError("Subject record does not decompress", context, { cause });
    }
  }
  throw new IntegrityError("Subject record has an unknown codec", { ...context, codec });
}
