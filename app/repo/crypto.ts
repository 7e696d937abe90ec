import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { IntegrityError } from "~/errors";

/** Bytes of the AES-GCM nonce and tag framing every sealed object and block. */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES;

/** AES-256-GCM encrypts `plaintext` as nonce ‖ ciphertext ‖ tag, binding `aad`. */
export function seal(key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const final = cipher.final();
  return Buffer.concat([nonce, body, final, cipher.getAuthTag()]);
}

/** Reverses seal; IntegrityError (with `context`) when anything was altered. */
export function unseal(
  key: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
  context: Record<string, unknown>,
): Buffer {
  if (sealed.length < SEAL_OVERHEAD) {
    throw new IntegrityError("Encrypted object is truncated", { ...context, length: sealed.length });
  }
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(0, NONCE_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  try {
    const body = decipher.update(buf.subarray(NONCE_BYTES, buf.length - TAG_BYTES));
    return Buffer.concat([body, decipher.final()]);
  } catch (cause) {
    throw new IntegrityError("Authentication failed: stored bytes were altered or belong elsewhere", context, {
      cause,
    });
  }
}

/** HMAC-SHA256 over the concatenation of `parts`. */
export function hmac(key: Uint8Array, ...parts: (Uint8Array | string)[]): Buffer {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** A random lowercase hex string of `bytes` bytes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** Additional authenticated data: labelled, length-delimited fields so no two identities collide. */
export function aad(label: string, ...fields: (string | number | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(label, "utf8")];
  for (const field of fields) {
    const bytes =
      typeof field === "number"
        ? Buffer.from(String(field), "utf8")
        : typeof field === "string"
          ? Buffer.from(field, "utf8")
          : Buffer.from(field);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    parts.push(len, bytes);
  }
  return Buffer.concat(parts);
}
