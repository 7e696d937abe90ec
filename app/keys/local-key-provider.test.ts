import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IntegrityError, UserFacingError } from "~/errors";
import { createLocalKeyProvider, generateMasterKey, validateMasterKey } from "./local-key-provider";

describe("validateMasterKey", () => {
  it("accepts base64 and base64url of exactly 32 bytes", () => {
    const key = randomBytes(32);
    expect(validateMasterKey(key.toString("base64"))).toBeUndefined();
    expect(validateMasterKey(key.toString("base64url"))).toBeUndefined();
    expect(validateMasterKey(`  ${key.toString("base64")}\n`)).toBeUndefined();
    expect(validateMasterKey(generateMasterKey())).toBeUndefined();
  });

  it("explains what is wrong without echoing the value", () => {
    const short = randomBytes(16).toString("base64");
    const long = randomBytes(48).toString("base64");
    expect(validateMasterKey(short)).toContain("got 16 bytes");
    expect(validateMasterKey(long)).toContain("got 48 bytes");
    expect(validateMasterKey("")).toContain("empty");
    expect(validateMasterKey(undefined)).toContain("empty");
    const garbage = "not base64 at all!!";
    expect(validateMasterKey(garbage)).toContain("base64");
    for (const value of [short, long, garbage]) expect(validateMasterKey(value)).not.toContain(value);
  });
});

describe("createLocalKeyProvider", () => {
  it("refuses an invalid key with a user-facing error", () => {
    expect(() => createLocalKeyProvider(randomBytes(31).toString("base64"))).toThrow(UserFacingError);
  });

  it("derives keyId as a short fingerprint that is not the key", () => {
    const raw = randomBytes(32);
    const keys = createLocalKeyProvider(raw.toString("base64"));
    expect(keys.keyId).toMatch(/^local:[0-9a-f]{16}$/);
    expect(keys.keyId).not.toContain(raw.toString("hex").slice(0, 16));
    const expected = createHmac("sha256", raw).update("snapshelf key-id v1").digest("hex").slice(0, 16);
    expect(keys.keyId).toBe(`local:${expected}`);
    expect(createLocalKeyProvider(raw.toString("base64url")).keyId).toBe(keys.keyId);
  });

  it("rejects a wrapped key from an unknown format version", async () => {
    const keys = createLocalKeyProvider(generateMasterKey());
    const wrapped = Buffer.from(await keys.wrap(randomBytes(32), "ctx"));
    wrapped[0] = 2;
    await expect(keys.unwrap(wrapped, "ctx")).rejects.toBeInstanceOf(IntegrityError);
  });
});
