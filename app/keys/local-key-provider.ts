import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { IntegrityError, UserFacingError } from "~/errors";
import type { KeyProvider } from "./key-provider";

/**
 * Wrapped key layout (version 1):
 *   [0]       format version (1)
 *   [1..13)   random 96-bit GCM nonce
 *   [13..-16) ciphertext of the data key
 *   [-16..]   GCM tag
 * AAD = version byte || UTF-8(context), so neither can be swapped unnoticed.
 */
const FORMAT_V1 = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const MASTER_KEY_BYTES = 32;
const KEY_ID_LABEL = "snapshelf key-id v1";

/** Why `value` is not a usable master key, or undefined when it is. Never echoes the value. */
export function validateMasterKey(value: string | undefined): string | undefined {
  const trimmed = (value ?? "").trim();
  if (trimmed === "") return "is empty; generate one with `openssl rand -base64 32`";
  // Buffer.from(…, "base64") skips invalid characters silently, so check the alphabet first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && !/^[A-Za-z0-9_-]+={0,2}$/.test(trimmed)) {
    return "must be base64 (A-Z, a-z, 0-9, +, /, = padding)";
  }
  const length = Buffer.from(trimmed, trimmed.includes("-") || trimmed.includes("_") ? "base64url" : "base64").length;
  if (length !== MASTER_KEY_BYTES) return `must be base64 of exactly ${MASTER_KEY_BYTES} bytes, got ${length} bytes`;
  return undefined;
}

/** A fresh random master key, base64-encoded, ready for SNAPSHELF_MASTER_KEY. */
export function generateMasterKey(): string {
  return randomBytes(MASTER_KEY_BYTES).toString("base64");
}

function decodeMasterKey(value: string): Buffer {
  const trimmed = value.trim();
  return Buffer.from(trimmed, trimmed.includes("-") || trimmed.includes("_") ? "base64url" : "base64");
}

/**
 * A KeyProvider holding a 256-bit master key in memory (from configuration).
 * Data keys are wrapped with AES-256-GCM under a random nonce, with the context
 * as AAD. keyId is an HMAC of a fixed label under the key: it tells keys apart
 * without revealing anything about them.
 */
export function createLocalKeyProvider(masterKeyBase64: string): KeyProvider {
  const problem = validateMasterKey(masterKeyBase64);
  if (problem) throw new UserFacingError(`master key ${problem}`);
  const master = decodeMasterKey(masterKeyBase64);
  const keyId = `local:${createHmac("sha256", master).update(KEY_ID_LABEL).digest("hex").slice(0, 16)}`;

  const aad = (context: string) => Buffer.concat([Buffer.of(FORMAT_V1), Buffer.from(context, "utf8")]);

  return {
    keyId,
    async wrap(dataKey: Uint8Array, context: string): Promise<Uint8Array> {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", master, nonce).setAAD(aad(context));
      const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return Buffer.concat([Buffer.of(FORMAT_V1), nonce, body, cipher.getAuthTag()]);
    },
    async unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array> {
      const buf = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
      if (buf.length < 1 + NONCE_BYTES + TAG_BYTES || buf[0] !== FORMAT_V1) {
        throw new IntegrityError("Wrapped key is malformed", { keyId, context, length: buf.length });
      }
      const nonce = buf.subarray(1, 1 + NONCE_BYTES);
      const body = buf.subarray(1 + NONCE_BYTES, buf.length - TAG_BYTES);
      const decipher = createDecipheriv("aes-256-gcm", master, nonce).setAAD(aad(context));
      decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]);
      } catch (cause) {
        // Same message for a wrong key, a wrong context and tampering: the
        // difference would only help someone probing.
        throw new IntegrityError("Wrapped key does not open under this key and context", { keyId, context }, { cause });
      }
    },
  };
}
