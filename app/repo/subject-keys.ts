import { randomBytes } from "node:crypto";
import { NotFoundError } from "~/errors";
import { aad, hmac, randomHex, seal, unseal } from "./crypto";
import type { RepoContext } from "./context";
import { RedactedError } from "./errors";

/** A subject's key reference: 16-byte subject name ‖ 16-byte key id (32 bytes). */
export interface SubjectKey {
  keyRef: Buffer;
  key: Buffer;
}

const CACHE_LIMIT = 4096;

/**
 * Per-subject keys for crypto-shredding. Each key is random, sealed under the
 * shop's subject-wrapping key and stored at keys/subjects/<name>/<keyId>;
 * deleting that object makes every block sealed with it unreadable. The key id
 * is part of the reference (and of record ids), so a subject who returns after
 * being forgotten gets a fresh key and never dedups against shredded bytes.
 */
export class SubjectKeys {
  private readonly cache = new Map<string, Buffer>();
  /** Current key id per subject name, loaded once per write from one listing. */
  private current: Map<string, string> | undefined;

  constructor(
    private readonly ctx: RepoContext,
    private readonly repoId: string,
    private readonly hashKey: Buffer,
    private readonly wrapKey: Buffer,
  ) {}

  /** Hex name of a subject: a keyed hash, so object names reveal no customer ids. */
  nameOf(subject: string): string {
    return hmac(this.hashKey, "snapshelf/subject\u0000", subject).subarray(0, 16).toString("hex");
  }

  /** Forgets the cached directory so the next write re-reads it. */
  resetDirectory(): void {
    this.current = undefined;
  }

  /** The subject's current key, creating one on first use. */
  async currentKey(subject: string): Promise<SubjectKey> {
    const name = this.nameOf(subject);
    const directory = await this.directory();
    let keyId = directory.get(name);
    if (!keyId) {
      keyId = randomHex(16);
      const key = randomBytes(32);
      const keyRefHex = name + keyId;
      await this.ctx.store.put(this.ctx.layout.subjectKey(name, keyId), this.sealKey(keyRefHex, key), { ifAbsent: true });
      directory.set(name, keyId);
      this.remember(keyRefHex, key);
    }
    const keyRef = Buffer.from(name + keyId, "hex");
    return { keyRef, key: await this.keyFor(keyRef) };
  }

  /** Unwraps the key for a block's reference; RedactedError when it was forgotten. */
  async keyFor(keyRef: Uint8Array): Promise<Buffer> {
    const hex = Buffer.from(keyRef).toString("hex");
    const cached = this.cache.get(hex);
    if (cached) return cached;
    const name = hex.slice(0, 32);
    const keyId = hex.slice(32);
    let sealed: Uint8Array;
    try {
      sealed = await this.ctx.store.get(this.ctx.layout.subjectKey(name, keyId));
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new RedactedError("This record was erased at the data subject's request", { subjectKey: hex });
      }
      throw error;
    }
    const key = unseal(this.wrapKey, aad("snapshelf/subject-key/v1", this.repoId, hex), sealed, {
      object: this.ctx.layout.subjectKey(name, keyId),
    });
    this.remember(hex, key);
    return key;
  }

  /** Deletes every key of the subject; returns how many were deleted. */
  async forget(subject: string): Promise<number> {
    const name = this.nameOf(subject);
    let deleted = 0;
    for await (const info of this.ctx.store.list(this.ctx.layout.subjectKeys(name))) {
      await this.ctx.store.delete(info.key);
      deleted++;
    }
    for (const hex of [...this.cache.keys()]) if (hex.startsWith(name)) this.cache.delete(hex);
    this.current?.delete(name);
    return deleted;
  }

  /** True when the key object for this reference still exists. */
  async exists(keyRef: Uint8Array): Promise<boolean> {
    const hex = Buffer.from(keyRef).toString("hex");
    if (this.cache.has(hex)) return true;
    return (await this.ctx.store.stat(this.ctx.layout.subjectKey(hex.slice(0, 32), hex.slice(32)))) !== undefined;
  }

  private sealKey(keyRefHex: string, key: Buffer): Buffer {
    return seal(this.wrapKey, aad("snapshelf/subject-key/v1", this.repoId, keyRefHex), key);
  }

  private remember(hex: string, key: Buffer): void {
    // Crude bound: a write touching more subjects than this just re-reads keys.
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(hex, key);
  }

  private async directory(): Promise<Map<string, string>> {
    if (this.current) return this.current;
    const directory = new Map<string, string>();
    const prefix = this.ctx.layout.subjectPrefix;
    for await (const info of this.ctx.store.list(prefix)) {
      const [name, keyId] = info.key.slice(prefix.length).split("/");
      // Two keys for one subject can only come from a lost race; the lowest id wins everywhere.
      if (name && keyId && !directory.has(name)) directory.set(name, keyId);
    }
    this.current = directory;
    return directory;
  }
}
