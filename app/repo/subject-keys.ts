import { randomBytes } from "node:crypto";
import { NotFoundError } from "~/errors";
import { aad, hmac, randomHex, seal, unseal } from "./crypto";
import type { RepoContext } from "./context";
import { RedactedError } from "./errors";
import { KeySetCache, decodeKeySet, encodeKeySet, type KeySet } from "./key-sets";
import { NameTable } from "./name-table";

/** A subject's key reference: 16-byte subject name ‖ 16-byte key id (32 bytes). */
export interface SubjectKey {
  keyRef: Buffer;
  key: Buffer;
}

/** New subject keys per key-set object; bounds the bytes a forget rewrites. */
const SET_MAX_ENTRIES = 16_384;
const LEGACY_CACHE_LIMIT = 4096;

/**
 * Per-subject keys for crypto-shredding (docs/repository-format.md §3.2).
 * Keys created by one write are stored together in key-set objects
 * `keys/sets/<keyId>` (one object per 16k subjects instead of one per
 * subject, which cost an fsync'd file each); a subject's key reference is
 * name ‖ keyId of the set holding it. Forgetting a subject rewrites each set
 * holding it without its entry, so every block sealed with that key becomes
 * unreadable. Format-1 repositories kept one object per subject
 * (`keys/subjects/<name>/<keyId>`); those are still read and forgotten.
 */
export class SubjectKeys {
  private readonly sets = new KeySetCache(16);
  private readonly legacy = new Map<string, Buffer>();
  /** Current key id number per subject name (see keyIds); checked against storage once per write. */
  private directory: NameTable | undefined;
  /** The last directory built, kept between writes, and the key-set objects (with sizes) it was built from. */
  private built: { directory: NameTable; sets: Map<string, number>; legacy: string } | undefined;
  /**
   * Stored size of each key-set object as last read or written here. A set
   * object is only ever rewritten smaller (a forget drops entries) or
   * deleted, so an unchanged size means unchanged contents.
   */
  private readonly setSizes = new Map<string, number>();
  private keyIds: string[] = [];
  private keyIdNumbers = new Map<string, number>();
  /** Keys created by the running write, not yet stored. */
  private pending: { keyId: string; names: Buffer[]; keys: Buffer[]; byName: Map<string, Buffer> } | undefined;

  constructor(
    private readonly ctx: RepoContext,
    private readonly repoId: string,
    private readonly hashKey: Buffer,
    private readonly wrapKey: Buffer,
  ) {}

  /** Hex name of a subject: a keyed hash, so object names reveal no customer ids. */
  nameOf(subject: string): string {
    return this.nameBytes(subject).toString("hex");
  }

  /**
   * Starts a write (the directory is checked against storage again on first
   * use) or ends a failed one (`failed`: the kept directory may name keys
   * that were never stored, so it is dropped). Unstored new keys are dropped.
   */
  resetDirectory(options: { failed?: boolean } = {}): void {
    this.directory = undefined;
    this.pending = undefined;
    if (options.failed) this.startDirectory(undefined);
  }

  /**
   * Keeps, for a handle kept between jobs (Repository.refresh), only what
   * another process cannot have changed: cached key sets whose objects still
   * have the size read, and the directory if its sets are all unchanged
   * (checked on the next write). Loading every key set per job was most of a
   * customer batch's write on a large store (~13 sets for 200k customers).
   */
  async revalidate(): Promise<void> {
    const stored = await this.storedSets();
    for (const [keyId, size] of [...this.setSizes]) {
      if (stored.get(keyId) !== size) {
        this.sets.delete(keyId);
        this.setSizes.delete(keyId);
      }
    }
    // An absent set read as null may exist by now; format-1 keys may have been forgotten.
    this.sets.deleteAbsent();
    this.legacy.clear();
    this.resetDirectory();
  }

  /** The subject's current key reference, creating a key on first use (stored by flush()). */
  async currentKeyRef(subject: string): Promise<Buffer> {
    const name = this.nameBytes(subject);
    const directory = await this.loadDirectory();
    const known = directory.get(name);
    if (known >= 0) return Buffer.concat([name, Buffer.from(this.keyIds[known], "hex")]);
    if (this.pending && this.pending.names.length >= SET_MAX_ENTRIES) await this.flush();
    if (!this.pending) this.pending = { keyId: randomHex(16), names: [], keys: [], byName: new Map() };
    const key = randomBytes(32);
    this.pending.names.push(name);
    this.pending.keys.push(key);
    this.pending.byName.set(name.toString("hex"), key);
    directory.set(name, this.keyIdNumber(this.pending.keyId));
    return Buffer.concat([name, Buffer.from(this.pending.keyId, "hex")]);
  }

  /** The subject's current key and reference, creating one on first use. */
  async currentKey(subject: string): Promise<SubjectKey> {
    const keyRef = await this.currentKeyRef(subject);
    return { keyRef, key: await this.keyFor(keyRef) };
  }

  /** Stores the keys created since the last flush (create-only); call before uploading packs that use them. */
  async flush(): Promise<void> {
    const pending = this.pending;
    if (!pending || pending.names.length === 0) return;
    const set: KeySet = { names: Buffer.concat(pending.names), keys: Buffer.concat(pending.keys) };
    const body = this.sealSet(pending.keyId, set);
    await this.ctx.store.put(this.ctx.layout.subjectKeySet(pending.keyId), body, { ifAbsent: true });
    this.sets.set(pending.keyId, set);
    this.setSizes.set(pending.keyId, body.length);
    // The directory already names these keys: a later change to this set must show as a change to it.
    this.built?.sets.set(pending.keyId, body.length);
    this.pending = undefined;
  }

  /** Unwraps the key for a block's reference; RedactedError when it was forgotten. */
  async keyFor(keyRef: Uint8Array): Promise<Buffer> {
    const ref = Buffer.from(keyRef);
    const name = ref.subarray(0, 16);
    const keyId = ref.subarray(16).toString("hex");
    const pendingKey = this.pending?.keyId === keyId ? this.pending.byName.get(name.toString("hex")) : undefined;
    if (pendingKey) return pendingKey;
    const set = await this.loadSet(keyId);
    if (set) {
      const key = set.lookup(name);
      if (key) return key;
      throw new RedactedError("This record was erased at the data subject's request", { subjectKey: ref.toString("hex") });
    }
    return this.legacyKey(ref.toString("hex"));
  }

  /** Deletes every key of the subject (caller holds the lease); returns how many were deleted. */
  async forget(subject: string): Promise<number> {
    const name = this.nameBytes(subject);
    let deleted = 0;
    const setKeys: string[] = [];
    for await (const info of this.ctx.store.list(this.ctx.layout.subjectKeySetPrefix)) setKeys.push(info.key);
    for (const key of setKeys) {
      const keyId = key.slice(this.ctx.layout.subjectKeySetPrefix.length);
      const set = await this.readSet(keyId);
      if (!set) continue;
      const kept = set.without(name);
      if (kept === set) continue;
      if (kept.count === 0) await this.ctx.store.delete(key);
      else await this.ctx.store.put(key, this.sealSet(keyId, kept));
      this.sets.delete(keyId);
      this.setSizes.delete(keyId);
      deleted++;
    }
    const hexName = name.toString("hex");
    for await (const info of this.ctx.store.list(this.ctx.layout.subjectKeys(hexName))) {
      await this.ctx.store.delete(info.key);
      deleted++;
    }
    for (const hex of [...this.legacy.keys()]) if (hex.startsWith(hexName)) this.legacy.delete(hex);
    this.directory?.delete(name);
    return deleted;
  }

  /** Hex key references (name ‖ keyId) of every subject key that still exists. */
  async liveKeyRefs(): Promise<Set<string>> {
    const out = new Set<string>();
    for await (const info of this.ctx.store.list(this.ctx.layout.subjectKeySetPrefix)) {
      const keyId = info.key.slice(this.ctx.layout.subjectKeySetPrefix.length);
      const set = await this.readSet(keyId);
      if (!set) continue;
      for (let i = 0; i < set.count; i++) out.add(set.name(i).toString("hex") + keyId);
    }
    const prefix = this.ctx.layout.subjectPrefix;
    for await (const info of this.ctx.store.list(prefix)) out.add(info.key.slice(prefix.length).replace("/", ""));
    return out;
  }

  /** True when the key for this reference still exists. */
  async exists(keyRef: Uint8Array): Promise<boolean> {
    try {
      await this.keyFor(keyRef);
      return true;
    } catch (error) {
      if (error instanceof RedactedError) return false;
      throw error;
    }
  }

  private nameBytes(subject: string): Buffer {
    return hmac(this.hashKey, "snapshelf/subject\u0000", subject).subarray(0, 16);
  }

  /** Replaces the kept directory; key id numbers belong to it. */
  private startDirectory(built: typeof this.built): void {
    this.built = built;
    this.keyIds = [];
    this.keyIdNumbers = new Map();
  }

  private keyIdNumber(keyId: string): number {
    let number = this.keyIdNumbers.get(keyId);
    if (number === undefined) {
      number = this.keyIds.push(keyId) - 1;
      this.keyIdNumbers.set(keyId, number);
    }
    return number;
  }

  private sealSet(keyId: string, set: KeySet): Buffer {
    return seal(this.wrapKey, aad("snapshelf/subject-key-set/v2", this.repoId, keyId), encodeKeySet(set));
  }

  /** A key set from storage (bypassing the cache); undefined when absent. */
  private async readSet(keyId: string): Promise<ReturnType<typeof decodeKeySet> | undefined> {
    const objectKey = this.ctx.layout.subjectKeySet(keyId);
    let sealed: Uint8Array;
    try {
      sealed = await this.ctx.store.get(objectKey);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
    const plain = unseal(this.wrapKey, aad("snapshelf/subject-key-set/v2", this.repoId, keyId), sealed, { object: objectKey });
    this.setSizes.set(keyId, sealed.length);
    return decodeKeySet(plain, { object: objectKey });
  }

  private async loadSet(keyId: string): Promise<ReturnType<typeof decodeKeySet> | null> {
    const cached = this.sets.get(keyId);
    if (cached !== undefined) return cached;
    const set = (await this.readSet(keyId)) ?? null;
    this.sets.set(keyId, set);
    return set;
  }

  private async legacyKey(hex: string): Promise<Buffer> {
    const cached = this.legacy.get(hex);
    if (cached) return cached;
    const name = hex.slice(0, 32);
    const keyId = hex.slice(32);
    const objectKey = this.ctx.layout.subjectKey(name, keyId);
    let sealed: Uint8Array;
    try {
      sealed = await this.ctx.store.get(objectKey);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new RedactedError("This record was erased at the data subject's request", { subjectKey: hex });
      }
      throw error;
    }
    const key = unseal(this.wrapKey, aad("snapshelf/subject-key/v1", this.repoId, hex), sealed, { object: objectKey });
    // Crude bound: a read touching more legacy subjects than this just re-reads keys.
    if (this.legacy.size >= LEGACY_CACHE_LIMIT) this.legacy.clear();
    this.legacy.set(hex, key);
    return key;
  }

  /** Key-set objects in storage: key id → stored size. */
  private async storedSets(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for await (const info of this.ctx.store.list(this.ctx.layout.subjectKeySetPrefix)) out.set(info.key.slice(this.ctx.layout.subjectKeySetPrefix.length), info.size);
    return out;
  }

  /**
   * Subject name → current key id. The directory of the last write is kept
   * and brought up to date with the sets stored since, unless a set it was
   * built from changed or went away (a forget): then it is rebuilt.
   */
  private async loadDirectory(): Promise<NameTable> {
    if (this.directory) return this.directory;
    const stored = await this.storedSets();
    const legacyKeys: string[] = [];
    const prefix = this.ctx.layout.subjectPrefix;
    for await (const info of this.ctx.store.list(prefix)) legacyKeys.push(info.key.slice(prefix.length));
    const legacy = legacyKeys.join("\n");
    const keep = this.built && this.built.legacy === legacy && [...this.built.sets].every(([keyId, size]) => stored.get(keyId) === size);
    if (!keep) {
      const fresh = { directory: new NameTable(), sets: new Map<string, number>(), legacy };
      this.startDirectory(fresh);
      // Two keys for one subject can only come from a lost race; the lowest key id wins everywhere.
      for (const entry of legacyKeys) {
        const [name, keyId] = entry.split("/");
        if (name && keyId) this.consider(fresh.directory, Buffer.from(name, "hex"), keyId);
      }
    }
    const built = this.built as NonNullable<typeof this.built>;
    for (const [keyId, size] of stored) {
      if (built.sets.has(keyId)) continue;
      const set = await this.loadSet(keyId);
      if (!set) continue;
      for (let i = 0; i < set.count; i++) this.consider(built.directory, set.name(i), keyId);
      built.sets.set(keyId, size);
    }
    this.directory = built.directory;
    return built.directory;
  }

  private consider(directory: NameTable, name: Uint8Array, keyId: string): void {
    const known = directory.get(name);
    if (known < 0 || keyId < this.keyIds[known]) directory.set(name, this.keyIdNumber(keyId));
  }

}
