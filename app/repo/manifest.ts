import { IntegrityError } from "~/errors";
import { ID_BYTES } from "./format";
import { pageId, readRecordBytes } from "./block-reader";
import type { RecordIndex } from "./record-index";
import type { RepoContext, Session } from "./context";
import type { ManifestPageRef, SnapshotInfo } from "./types";

/** Manifest key: type ‖ NUL ‖ gid; sorting keys sorts by (type, gid). */
export const manifestKey = (type: string, gid: string) => `${type}\u0000${gid}`;
export function splitKey(key: string): { type: string; gid: string } {
  const i = key.indexOf("\u0000");
  return { type: key.slice(0, i), gid: key.slice(i + 1) };
}

/** A decoded manifest page: keys in order and their ids (n × 32 bytes). */
export interface ManifestPage {
  keys: string[];
  ids: Buffer;
}

/** Page bytes: u32 count, then per entry u16 key length ‖ key (UTF-8) ‖ 32-byte record id. */
export function encodePage(keys: string[], ids: Buffer[]): Buffer {
  let size = 4;
  const lengths = keys.map((k) => Buffer.byteLength(k, "utf8"));
  for (const len of lengths) size += 2 + len + ID_BYTES;
  const out = Buffer.allocUnsafe(size);
  let p = out.writeUInt32LE(keys.length, 0);
  keys.forEach((key, i) => {
    p = out.writeUInt16LE(lengths[i], p);
    p += out.write(key, p, lengths[i], "utf8");
    p += ids[i].copy(out, p, 0, ID_BYTES);
  });
  return out;
}

/** Parses page bytes. */
export function decodePage(buf: Buffer, context: Record<string, unknown>): ManifestPage {
  const fail = (): never => {
    throw new IntegrityError("Malformed manifest page", context);
  };
  if (buf.length < 4) fail();
  const n = buf.readUInt32LE(0);
  const keys: string[] = new Array<string>(n);
  const ids = Buffer.allocUnsafe(n * ID_BYTES);
  let p = 4;
  for (let i = 0; i < n; i++) {
    if (p + 2 > buf.length) fail();
    const len = buf.readUInt16LE(p);
    p += 2;
    if (p + len + ID_BYTES > buf.length) fail();
    keys[i] = buf.toString("utf8", p, p + len);
    p += len;
    buf.copy(ids, i * ID_BYTES, p, p + ID_BYTES);
    p += ID_BYTES;
  }
  if (p !== buf.length) fail();
  return { keys, ids };
}

/** 32-bit FNV-1a over UTF-16 code units: cheap and stable across platforms. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Cuts a sorted entry stream into pages at content-defined boundaries: a page
 * ends after a key whose hash is 0 modulo the average size (or at the cap).
 * Boundaries depend on keys only, so changing a record rewrites one page and
 * adding or removing a GID disturbs only its neighbourhood.
 */
export class PageCutter {
  private keys: string[] = [];
  private ids: Buffer[] = [];

  constructor(
    private readonly average: number,
    private readonly max: number,
    private readonly emit: (page: Buffer, first: string, count: number) => Promise<void>,
  ) {}

  async add(key: string, id: Buffer): Promise<void> {
    this.keys.push(key);
    this.ids.push(id);
    if (fnv1a(key) % this.average === 0 || this.keys.length >= this.max) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.keys.length === 0) return;
    const page = encodePage(this.keys, this.ids);
    const first = this.keys[0];
    const count = this.keys.length;
    this.keys = [];
    this.ids = [];
    await this.emit(page, first, count);
  }
}

/** Reads and verifies one manifest page. */
export async function readPage(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  ref: ManifestPageRef,
): Promise<ManifestPage> {
  const id = Buffer.from(ref.id, "hex");
  const bytes = await readRecordBytes(ctx, session, index, id);
  if (!bytes) throw new IntegrityError("Manifest page is missing from the index", { pageId: ref.id });
  const page = decodePage(bytes, { pageId: ref.id });
  if (page.keys.length !== ref.count || page.keys[0] !== ref.first) {
    throw new IntegrityError("Manifest page does not match its reference", { pageId: ref.id });
  }
  return page;
}

/** Streams (key, id) entries of a manifest in key order. */
export async function* manifestEntries(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  pages: ManifestPageRef[],
): AsyncGenerator<{ key: string; id: Buffer }> {
  for (const ref of pages) {
    const page = await readPage(ctx, session, index, ref);
    for (let i = 0; i < page.keys.length; i++) {
      yield { key: page.keys[i], id: page.ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES) };
    }
  }
}

/** The page that would hold `key` (last page whose first key ≤ key), or -1. */
export function pageFor(pages: ManifestPageRef[], key: string): number {
  let lo = 0;
  let hi = pages.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pages[mid].first <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export { pageId };

/** Id marking a deletion in delta pages (an HMAC output is never all zeros in practice). */
export const DELETED_ID = Buffer.alloc(ID_BYTES);

/** Streams a snapshot's full state: base pages merged with delta pages, deletions applied. */
export async function* snapshotEntries(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  info: SnapshotInfo,
  from?: string,
): AsyncGenerator<{ key: string; id: Buffer }> {
  const base = manifestEntries(ctx, session, index, pagesFrom(info.manifest, from));
  const delta = manifestEntries(ctx, session, index, pagesFrom(info.delta ?? [], from));
  let b = await base.next();
  let d = await delta.next();
  while (!b.done || !d.done) {
    if (d.done || (!b.done && b.value.key < d.value.key)) {
      if (!b.done) yield b.value;
      b = await base.next();
    } else {
      if (!d.value.id.equals(DELETED_ID)) yield d.value;
      if (!b.done && b.value.key === d.value.key) b = await base.next();
      d = await delta.next();
    }
  }
}

/**
 * The pages that can hold keys ≥ `from`: from the last page starting at or
 * before it. Keys before `from` in that first page still come out (callers
 * filter); the pages wholly before it are never read.
 */
function pagesFrom(pages: ManifestPageRef[], from: string | undefined): ManifestPageRef[] {
  if (from === undefined) return pages;
  let start = 0;
  for (let i = 1; i < pages.length && pages[i].first <= from; i++) start = i;
  return start === 0 ? pages : pages.slice(start);
}

/** Id of `key` within one page list, or undefined. */
export async function findInPages(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  pages: ManifestPageRef[],
  key: string,
): Promise<Buffer | undefined> {
  return new PageLookup(ctx, session, index, pages).get(key);
}

/**
 * Point lookups in one page list, for keys asked in ascending order: each
 * page is read and decoded once however many of its keys are asked. An
 * incremental snapshot visits only the keys of its changes and of its
 * parent's delta this way, instead of walking the whole base.
 */
export class PageLookup {
  private at = -1;
  private page: ManifestPage | null = null;

  constructor(
    private readonly ctx: RepoContext,
    private readonly session: Session,
    private readonly index: RecordIndex,
    private readonly pages: ManifestPageRef[],
  ) {}

  async get(key: string): Promise<Buffer | undefined> {
    const at = pageFor(this.pages, key);
    if (at < 0) return undefined;
    if (at !== this.at || !this.page) {
      this.page = await readPage(this.ctx, this.session, this.index, this.pages[at]);
      this.at = at;
    }
    const { keys, ids } = this.page;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] === key) return ids.subarray(mid * ID_BYTES, (mid + 1) * ID_BYTES);
      if (keys[mid] < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

/** True when two snapshots share one base page list (an incremental chain between rebases). */
export function sameBase(a: SnapshotInfo, b: SnapshotInfo): boolean {
  return a.manifest.length === b.manifest.length && a.manifest.every((ref, i) => ref.id === b.manifest[i].id);
}

/** A delta entry's id as state: null when it marks a deletion. */
const deltaState = (id: Buffer): Buffer | null => (id.equals(DELETED_ID) ? null : id);

/**
 * Two key-sorted streams side by side: each key once, with the value from
 * each side that has it (undefined on the side that does not).
 */
export async function* alignByKey<A, B>(
  left: AsyncIterator<{ key: string; value: A }>,
  right: AsyncIterator<{ key: string; value: B }>,
): AsyncGenerator<{ key: string; left?: A; right?: B }> {
  let l = await left.next();
  let r = await right.next();
  while (!l.done || !r.done) {
    if (r.done || (!l.done && l.value.key < r.value.key)) {
      yield { key: l.value!.key, left: l.value!.value };
      l = await left.next();
    } else if (l.done || r.value.key < l.value.key) {
      yield { key: r.value.key, right: r.value.value };
      r = await right.next();
    } else {
      yield { key: l.value.key, left: l.value.value, right: r.value.value };
      l = await left.next();
      r = await right.next();
    }
  }
}

/** A delta's entries as (key, state): null where the delta deletes. */
export async function* deltaStates(
  ctx: RepoContext,
  session: Session,
  index: RecordIndex,
  pages: ManifestPageRef[],
): AsyncGenerator<{ key: string; value: Buffer | null }> {
  for await (const { key, id } of manifestEntries(ctx, session, index, pages)) yield { key, value: deltaState(id) };
}
