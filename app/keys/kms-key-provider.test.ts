import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IntegrityError, RetryableError, SnapshelfError } from "~/errors";
import { crc32c } from "./crc32c";
import { createFakeKmsClient } from "./fake-kms-client";
import { createKmsKeyProvider, type KmsEncryptRequest } from "./kms-key-provider";

// Cloud KMS has no emulator; these run against THE FAKE (fake-kms-client.ts).
const keyName = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
const setup = () => {
  const fake = createFakeKmsClient([keyName]);
  return { fake, keys: createKmsKeyProvider({ keyName, client: fake }) };
};

describe("crc32c", () => {
  it("matches the standard check value", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
});

describe("createKmsKeyProvider", () => {
  it("sends the context as AAD with checksums of what it sends", async () => {
    const { fake, keys } = setup();
    const dataKey = randomBytes(32);
    await keys.wrap(dataKey, "shop-a.myshopify.com");
    const sent = fake.requests[0] as KmsEncryptRequest;
    expect(sent.name).toBe(keyName);
    expect(Buffer.from(sent.additionalAuthenticatedData).toString()).toBe("shop-a.myshopify.com");
    expect(sent.plaintextCrc32c.value).toBe(crc32c(dataKey));
    expect(sent.additionalAuthenticatedDataCrc32c.value).toBe(crc32c(Buffer.from("shop-a.myshopify.com")));
    expect(keys.keyId).toBe(`kms:${keyName}`);
  });

  it("treats a response that fails its checksum as retryable, both ways", async () => {
    const { fake, keys } = setup();
    fake.corruptNextResponse();
    await expect(keys.wrap(randomBytes(32), "ctx")).rejects.toBeInstanceOf(RetryableError);
    const wrapped = await keys.wrap(randomBytes(32), "ctx");
    fake.corruptNextResponse();
    await expect(keys.unwrap(wrapped, "ctx")).rejects.toBeInstanceOf(RetryableError);
  });

  it("maps gRPC failures: UNAVAILABLE retryable, checksum rejection retryable, others not", async () => {
    const { fake, keys } = setup();
    fake.failNext(14, "UNAVAILABLE: try again");
    await expect(keys.wrap(randomBytes(32), "ctx")).rejects.toBeInstanceOf(RetryableError);
    fake.failNext(3, "INVALID_ARGUMENT: ciphertext_crc32c checksum mismatch.");
    await expect(keys.unwrap(randomBytes(40), "ctx")).rejects.toBeInstanceOf(RetryableError);
    fake.failNext(7, "PERMISSION_DENIED: no");
    const denied = await keys.wrap(randomBytes(32), "ctx").catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(SnapshelfError);
    expect(denied).not.toBeInstanceOf(RetryableError);
    expect(denied).not.toBeInstanceOf(IntegrityError);
  });

  it("reports an unknown key name without calling it an integrity failure on wrap", async () => {
    const fake = createFakeKmsClient([]);
    const keys = createKmsKeyProvider({ keyName, client: fake });
    const error = await keys.wrap(randomBytes(32), "ctx").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshelfError);
    expect((error as Error).message).toContain("NOT_FOUND");
  });
});
