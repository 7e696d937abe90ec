import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IntegrityError } from "~/errors";
import type { KeyProvider } from "./key-provider";

/**
 * Builds a provider over key-encryption key "a" or "b". Two calls with the
 * same name must give providers over the same key (as after a restart).
 */
export type MakeKeyProvider = (which: "a" | "b") => Promise<KeyProvider>;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** Registers the KeyProvider battery for one implementation. */
export function runKeyProviderConformance(name: string, make: MakeKeyProvider): void {
  describe(`KeyProvider conformance: ${name}`, () => {
    const context = "demo-shop.myshopify.com";

    it("round-trips data keys of the usual sizes", async () => {
      const keys = await make("a");
      for (const size of [16, 32, 64]) {
        const dataKey = randomBytes(size);
        const wrapped = await keys.wrap(dataKey, context);
        expect(Buffer.from(wrapped).includes(dataKey)).toBe(false);
        expect(Buffer.from(await keys.unwrap(wrapped, context)).equals(dataKey)).toBe(true);
      }
    });

    it("refuses to unwrap under a different context", async () => {
      const keys = await make("a");
      const wrapped = await keys.wrap(randomBytes(32), context);
      for (const other of ["other-shop.myshopify.com", "", `${context} `]) {
        expect(await rejection(keys.unwrap(wrapped, other))).toBeInstanceOf(IntegrityError);
      }
    });

    it("detects a flipped bit anywhere in the wrapped key, and truncation", async () => {
      const keys = await make("a");
      const wrapped = Buffer.from(await keys.wrap(randomBytes(32), context));
      for (const index of [0, 1, Math.floor(wrapped.length / 2), wrapped.length - 1]) {
        const tampered = Buffer.from(wrapped);
        tampered[index] ^= 0x01;
        expect(await rejection(keys.unwrap(tampered, context))).toBeInstanceOf(IntegrityError);
      }
      expect(await rejection(keys.unwrap(wrapped.subarray(0, wrapped.length - 1), context))).toBeInstanceOf(
        IntegrityError,
      );
      expect(await rejection(keys.unwrap(new Uint8Array(0), context))).toBeInstanceOf(IntegrityError);
    });

    it("keeps keys apart: neither key opens the other's wrapped keys", async () => {
      const a = await make("a");
      const b = await make("b");
      expect(a.keyId).not.toBe(b.keyId);
      const fromA = await a.wrap(randomBytes(32), context);
      const fromB = await b.wrap(randomBytes(32), context);
      expect(await rejection(b.unwrap(fromA, context))).toBeInstanceOf(IntegrityError);
      expect(await rejection(a.unwrap(fromB, context))).toBeInstanceOf(IntegrityError);
    });

    it("wraps with a fresh nonce each time", async () => {
      const keys = await make("a");
      const dataKey = randomBytes(32);
      const first = Buffer.from(await keys.wrap(dataKey, context));
      const second = Buffer.from(await keys.wrap(dataKey, context));
      expect(first.equals(second)).toBe(false);
      expect(Buffer.from(await keys.unwrap(first, context)).equals(dataKey)).toBe(true);
      expect(Buffer.from(await keys.unwrap(second, context)).equals(dataKey)).toBe(true);
    });

    it("has a stable keyId, and a fresh provider over the same key opens earlier wraps", async () => {
      const first = await make("a");
      const dataKey = randomBytes(32);
      const wrapped = await first.wrap(dataKey, context);
      const again = await make("a");
      expect(again.keyId).toBe(first.keyId);
      expect(first.keyId.length).toBeGreaterThan(0);
      expect(Buffer.from(await again.unwrap(wrapped, context)).equals(dataKey)).toBe(true);
    });
  });
}
