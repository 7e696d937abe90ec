import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ID_BYTES } from "./format";

/** A manifest change: id null means the key was deleted (tombstone). */
export interface SortEntry {
  key: string;
  id: Buffer | null;
}

const WRITE_CHUNK = 1 << 20;
/**
 * Bytes read from each run at a time while merging. All runs are open at
 * once (a 2M-record snapshot has a dozen), so this is per run: 1 MB each
 * held ~25 MB at the merge.
 */
const READ_CHUNK = 64 << 10;

/**
 * Sorts manifest changes by key with bounded memory: runs of `runEntries`
 * are sorted in memory and spilled to temporary files, then merged. For a
 * key given more than once, the last one wins.
 */
export class ExternalSorter {
  private keys: string[] = [];
  /** Ids copied into one buffer (32 bytes each): no object per entry, and callers may reuse theirs. */
  private ids: Buffer;
  private present: Uint8Array;
  private runs: string[] = [];
  private dir: string | undefined;

  constructor(
    private readonly runEntries: number,
    private readonly tmpDir: string = tmpdir(),
  ) {
    this.ids = Buffer.allocUnsafe(Math.min(runEntries, 4096) * ID_BYTES);
    this.present = new Uint8Array(Math.min(runEntries, 4096));
  }

  async add(key: string, id: Uint8Array | null): Promise<void> {
    if (this.addSync(key, id)) await this.spill();
  }

  /** Adds an entry; true when the run is full and spill() must be awaited before the next add. */
  addSync(key: string, id: Uint8Array | null): boolean {
    const n = this.keys.length;
    if (n === this.present.length) this.growRun();
    this.keys.push(key);
    if (id) {
      this.ids.set(id.subarray(0, ID_BYTES), n * ID_BYTES);
      this.present[n] = 1;
    } else this.present[n] = 0;
    return this.keys.length >= this.runEntries;
  }

  private growRun(): void {
    const n = Math.max(this.present.length + 1, Math.min(this.runEntries, this.present.length * 2));
    const ids = Buffer.allocUnsafe(n * ID_BYTES);
    this.ids.copy(ids);
    const present = new Uint8Array(n);
    present.set(this.present);
    this.ids = ids;
    this.present = present;
  }

  /** Sorted, de-duplicated entries; removes the temp files when done. */
  async *sorted(): AsyncGenerator<SortEntry> {
    try {
      if (this.runs.length === 0) {
        yield* this.sortedRun();
        return;
      }
      if (this.keys.length > 0) await this.spill();
      yield* mergeRuns(this.runs.map((path) => readRun(path)));
    } finally {
      await this.cleanup();
    }
  }

  /** Removes temp files (also called from sorted()). */
  async cleanup(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.runs = [];
  }

  private *sortedRun(): Generator<SortEntry> {
    const { keys, ids, present } = this;
    const order = Array.from({ length: keys.length }, (_, i) => i);
    order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    for (let i = 0; i < order.length; i++) {
      const at = order[i];
      // Equal keys sit together in arrival order: only the last one counts.
      if (i + 1 < order.length && keys[order[i + 1]] === keys[at]) continue;
      yield { key: keys[at], id: present[at] ? ids.subarray(at * ID_BYTES, (at + 1) * ID_BYTES) : null };
    }
    // Fresh buffers: entries already yielded may still be held by the consumer.
    this.keys = [];
    this.ids = Buffer.allocUnsafe(Math.min(this.runEntries, 4096) * ID_BYTES);
    this.present = new Uint8Array(Math.min(this.runEntries, 4096));
  }

  /** Writes the current run to a temp file. */
  async spill(): Promise<void> {
    this.dir ??= await mkdtemp(join(this.tmpDir, "snapshelf-sort-"));
    const path = join(this.dir, `run-${this.runs.length}`);
    const file = await open(path, "w");
    try {
      let buf = Buffer.allocUnsafe(WRITE_CHUNK);
      let p = 0;
      for (const { key, id } of this.sortedRun()) {
        const len = Buffer.byteLength(key, "utf8");
        if (p + 3 + len + ID_BYTES > buf.length) {
          await file.write(buf, 0, p);
          p = 0;
          if (3 + len + ID_BYTES > buf.length) buf = Buffer.allocUnsafe(3 + len + ID_BYTES);
        }
        p = buf.writeUInt16LE(len, p);
        p += buf.write(key, p, len, "utf8");
        buf[p++] = id ? 1 : 0;
        if (id) p += id.copy(buf, p, 0, ID_BYTES);
      }
      if (p > 0) await file.write(buf, 0, p);
    } finally {
      await file.close();
    }
    this.runs.push(path);
  }
}

async function* readRun(path: string): AsyncGenerator<SortEntry> {
  const file: FileHandle = await open(path, "r");
  try {
    // One buffer per run: unread bytes move to its front, then it is refilled
    // (grown only for an entry longer than the buffer).
    let buf = Buffer.allocUnsafe(READ_CHUNK);
    let end = 0;
    let p = 0;
    let eof = false;
    const need = async (n: number): Promise<boolean> => {
      while (end - p < n && !eof) {
        if (p > 0) {
          buf.copy(buf, 0, p, end);
          end -= p;
          p = 0;
        }
        if (n > buf.length) {
          const bigger = Buffer.allocUnsafe(n + READ_CHUNK);
          buf.copy(bigger, 0, 0, end);
          buf = bigger;
        }
        const { bytesRead } = await file.read(buf, end, buf.length - end, null);
        if (bytesRead === 0) eof = true;
        end += bytesRead;
      }
      return end - p >= n;
    };
    while (await need(2)) {
      const len = buf.readUInt16LE(p);
      await need(2 + len + 1);
      const key = buf.toString("utf8", p + 2, p + 2 + len);
      const flag = buf[p + 2 + len];
      p += 3 + len;
      let id: Buffer | null = null;
      if (flag === 1) {
        await need(ID_BYTES);
        id = Buffer.from(buf.subarray(p, p + ID_BYTES));
        p += ID_BYTES;
      }
      yield { key, id };
    }
  } finally {
    await file.close();
  }
}

async function* mergeRuns(runs: AsyncGenerator<SortEntry>[]): AsyncGenerator<SortEntry> {
  const heads: (SortEntry | undefined)[] = [];
  for (const run of runs) {
    const first = await run.next();
    heads.push(first.done ? undefined : first.value);
  }
  for (;;) {
    let min: string | undefined;
    for (const head of heads) if (head && (min === undefined || head.key < min)) min = head.key;
    if (min === undefined) return;
    let winner: SortEntry | undefined;
    // Later runs hold later arrivals, so the last run with this key wins.
    for (let r = 0; r < runs.length; r++) {
      const head = heads[r];
      if (head && head.key === min) {
        winner = head;
        const next = await runs[r].next();
        heads[r] = next.done ? undefined : next.value;
      }
    }
    if (winner) yield winner;
  }
}
