import { IntegrityError, RetryableError, SnapshelfError } from "~/errors";
import { crc32c } from "./crc32c";
import type { KeyProvider } from "./key-provider";

/** protobuf Int64Value as the KMS client returns it (number, string or Long). */
export interface KmsInt64 {
  value?: number | string | { toString(): string } | null;
}
type KmsBytes = Uint8Array | string | null | undefined;

export interface KmsEncryptRequest {
  name: string;
  plaintext: Uint8Array;
  additionalAuthenticatedData: Uint8Array;
  plaintextCrc32c: { value: number };
  additionalAuthenticatedDataCrc32c: { value: number };
}
export interface KmsEncryptResponse {
  name?: string | null;
  ciphertext?: KmsBytes;
  ciphertextCrc32c?: KmsInt64 | null;
  verifiedPlaintextCrc32c?: boolean | null;
  verifiedAdditionalAuthenticatedDataCrc32c?: boolean | null;
}
export interface KmsDecryptRequest {
  name: string;
  ciphertext: Uint8Array;
  additionalAuthenticatedData: Uint8Array;
  ciphertextCrc32c: { value: number };
  additionalAuthenticatedDataCrc32c: { value: number };
}
export interface KmsDecryptResponse {
  plaintext?: KmsBytes;
  plaintextCrc32c?: KmsInt64 | null;
}

/** The two calls of `KeyManagementServiceClient` this provider uses. */
export interface KmsClient {
  encrypt(request: KmsEncryptRequest): Promise<[KmsEncryptResponse, ...unknown[]]>;
  decrypt(request: KmsDecryptRequest): Promise<[KmsDecryptResponse, ...unknown[]]>;
}

export interface KmsKeyProviderOptions {
  /** projects/P/locations/L/keyRings/R/cryptoKeys/K */
  keyName: string;
  /** Injected client (tests); default: a KeyManagementServiceClient created on first use. */
  client?: KmsClient;
}

/** gRPC status codes worth another try: CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. */
const RETRYABLE_GRPC = new Set([1, 4, 8, 10, 13, 14]);
const INVALID_ARGUMENT = 3;

function toBytes(value: KmsBytes): Buffer {
  if (value === null || value === undefined) return Buffer.alloc(0);
  return typeof value === "string" ? Buffer.from(value, "base64") : Buffer.from(value);
}

function int64(value: KmsInt64 | null | undefined): number | undefined {
  const raw = value?.value;
  return raw === null || raw === undefined ? undefined : Number(raw.toString());
}

function mapKmsError(error: unknown, op: "wrap" | "unwrap", keyName: string, context: string): Error {
  if (error instanceof SnapshelfError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const facts = { keyName, context, grpcCode: code };
  if (typeof code === "number" && RETRYABLE_GRPC.has(code)) {
    return new RetryableError(`Cloud KMS ${op} failed (${message})`, facts, { cause: error });
  }
  if (code === INVALID_ARGUMENT && /checksum|crc32c/i.test(message)) {
    // Our request reached KMS damaged: the bytes we hold are fine, so retry.
    return new RetryableError(`Cloud KMS ${op} request was corrupted in transit`, facts, { cause: error });
  }
  if (code === INVALID_ARGUMENT && op === "unwrap") {
    // KMS answers a wrong AAD, a wrong key or a tampered ciphertext alike.
    return new IntegrityError("Wrapped key does not open under this key and context", facts, { cause: error });
  }
  return new SnapshelfError(`Cloud KMS ${op} failed: ${message}`, facts, { cause: error });
}

async function defaultClient(): Promise<KmsClient> {
  // Loaded on first use: the gRPC stack is heavy and only KMS deployments need it.
  const { KeyManagementServiceClient } = await import("@google-cloud/kms");
  const client = new KeyManagementServiceClient();
  return {
    encrypt: (request) => client.encrypt(request),
    decrypt: (request) => client.decrypt(request),
  };
}

/**
 * A KeyProvider backed by a Cloud KMS symmetric key: the key-encryption key
 * never leaves KMS. The context is sent as additionalAuthenticatedData, and
 * the CRC32C fields KMS offers are filled and checked both ways, as Google
 * recommends, so corruption in transit surfaces as a retryable error.
 */
export function createKmsKeyProvider(options: KmsKeyProviderOptions): KeyProvider {
  const { keyName } = options;
  let client: Promise<KmsClient> | undefined = options.client ? Promise.resolve(options.client) : undefined;
  const kms = () => (client ??= defaultClient());

  return {
    keyId: `kms:${keyName}`,
    async wrap(dataKey: Uint8Array, context: string): Promise<Uint8Array> {
      const aad = Buffer.from(context, "utf8");
      let response: KmsEncryptResponse;
      try {
        [response] = await (
          await kms()
        ).encrypt({
          name: keyName,
          plaintext: dataKey,
          additionalAuthenticatedData: aad,
          plaintextCrc32c: { value: crc32c(dataKey) },
          additionalAuthenticatedDataCrc32c: { value: crc32c(aad) },
        });
      } catch (error) {
        throw mapKmsError(error, "wrap", keyName, context);
      }
      const ciphertext = toBytes(response.ciphertext);
      const intact =
        response.verifiedPlaintextCrc32c === true &&
        response.verifiedAdditionalAuthenticatedDataCrc32c === true &&
        int64(response.ciphertextCrc32c) === crc32c(ciphertext) &&
        ciphertext.length > 0;
      if (!intact) throw new RetryableError("Cloud KMS encrypt response failed its integrity checks", { keyName, context });
      // Encrypting with a different key than asked would make the data unopenable later.
      if (response.name && !response.name.startsWith(`${keyName}/`) && response.name !== keyName) {
        throw new SnapshelfError(`Cloud KMS encrypted with ${response.name}, not ${keyName}`, { keyName, context });
      }
      return ciphertext;
    },
    async unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array> {
      const aad = Buffer.from(context, "utf8");
      let response: KmsDecryptResponse;
      try {
        [response] = await (
          await kms()
        ).decrypt({
          name: keyName,
          ciphertext: wrapped,
          additionalAuthenticatedData: aad,
          ciphertextCrc32c: { value: crc32c(wrapped) },
          additionalAuthenticatedDataCrc32c: { value: crc32c(aad) },
        });
      } catch (error) {
        throw mapKmsError(error, "unwrap", keyName, context);
      }
      const plaintext = toBytes(response.plaintext);
      if (int64(response.plaintextCrc32c) !== crc32c(plaintext)) {
        throw new RetryableError("Cloud KMS decrypt response failed its integrity check", { keyName, context });
      }
      return plaintext;
    },
  };
}
