import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { crc32c } from "./crc32c";
import type {
  KmsClient,
  KmsDecryptRequest,
  KmsDecryptResponse,
  KmsEncryptRequest,
  KmsEncryptResponse,
} from "./kms-key-provider";

/**
 * THE FAKE (test only): a stand-in for Cloud KMS, which has no emulator. It
 * is honest where it matters: real AES-256-GCM under keys it alone holds, the
 * AAD bound, request checksums verified, response checksums filled, and errors
 * shaped like the gRPC client's ({ code, message }). Ciphertext layout is its
 * own (real KMS's is opaque too): [key version][12-byte nonce][body][16-byte tag].
 */
export interface FakeKmsClient extends KmsClient {
  /** Creates a key (and its version 1) under this resource name. */
  createKey(keyName: string): void;
  /** The next response carries a wrong checksum, as if damaged in transit. */
  corruptNextResponse(): void;
  /** The next call fails with this gRPC status code. */
  failNext(code: number, message: string): void;
  /** Requests received, for asserting what was sent. */
  readonly requests: Array<KmsEncryptRequest | KmsDecryptRequest>;
}

class GrpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`${code} ${message}`);
  }
}

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const VERSION = 1;

/** Creates the fake KMS with the given keys already present. */
export function createFakeKmsClient(keyNames: string[] = []): FakeKmsClient {
  const keys = new Map<string, Buffer>();
  const requests: Array<KmsEncryptRequest | KmsDecryptRequest> = [];
  let corruptNext = false;
  let failure: GrpcError | undefined;

  const begin = (request: KmsEncryptRequest | KmsDecryptRequest): Buffer => {
    requests.push(request);
    if (failure) {
      const error = failure;
      failure = undefined;
      throw error;
    }
    const key = keys.get(request.name);
    if (!key) throw new GrpcError(NOT_FOUND, `NOT_FOUND: ${request.name} not found.`);
    if (request.additionalAuthenticatedDataCrc32c.value !== crc32c(request.additionalAuthenticatedData)) {
      throw new GrpcError(INVALID_ARGUMENT, "INVALID_ARGUMENT: additional_authenticated_data_crc32c checksum mismatch.");
    }
    return key;
  };
  const checksum = (data: Uint8Array) => {
    const value = crc32c(data);
    const sent = corruptNext ? (value ^ 1) >>> 0 : value;
    corruptNext = false;
    // The real client hands int64 fields back as strings.
    return { value: String(sent) };
  };

  for (const name of keyNames) keys.set(name, randomBytes(32));

  return {
    requests,
    createKey(keyName) {
      keys.set(keyName, randomBytes(32));
    },
    corruptNextResponse() {
      corruptNext = true;
    },
    failNext(code, message) {
      failure = new GrpcError(code, message);
    },
    async encrypt(request): Promise<[KmsEncryptResponse]> {
      const key = begin(request);
      if (request.plaintextCrc32c.value !== crc32c(request.plaintext)) {
        throw new GrpcError(INVALID_ARGUMENT, "INVALID_ARGUMENT: plaintext_crc32c checksum mismatch.");
      }
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, nonce).setAAD(request.additionalAuthenticatedData);
      const body = Buffer.concat([cipher.update(request.plaintext), cipher.final()]);
      const ciphertext = Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]);
      return [
        {
          name: `${request.name}/cryptoKeyVersions/${VERSION}`,
          ciphertext,
          ciphertextCrc32c: checksum(ciphertext),
          verifiedPlaintextCrc32c: true,
          verifiedAdditionalAuthenticatedDataCrc32c: true,
        },
      ];
    },
    async decrypt(request): Promise<[KmsDecryptResponse]> {
      const key = begin(request);
      if (request.ciphertextCrc32c.value !== crc32c(request.ciphertext)) {
        throw new GrpcError(INVALID_ARGUMENT, "INVALID_ARGUMENT: ciphertext_crc32c checksum mismatch.");
      }
      const data = Buffer.from(request.ciphertext);
      const invalid = () => new GrpcError(INVALID_ARGUMENT, "INVALID_ARGUMENT: Decryption failed: the ciphertext is invalid.");
      if (data.length < 1 + 12 + 16 || data[0] !== VERSION) throw invalid();
      const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(1, 13)).setAAD(
        request.additionalAuthenticatedData,
      );
      decipher.setAuthTag(data.subarray(data.length - 16));
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([decipher.update(data.subarray(13, data.length - 16)), decipher.final()]);
      } catch {
        throw invalid();
      }
      return [{ plaintext, plaintextCrc32c: checksum(plaintext) }];
    },
  };
}
