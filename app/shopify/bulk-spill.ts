/**
 * Groups JSONL lines by root object with bounded memory: lines are buffered
 * up to a byte budget, then sorted by (root key, arrival) and spilled to a
 * run file; at the end the runs are merged (k-way, with a bounded fan-in)
 * and every root's lines come out together, in arrival order. This is what
 * lets children arrive anywhere in the file, before or after their parent.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SnapshelfError } from "~/errors";

export interface SpillOptions {
  /** Bytes of buffered lines before a run is spilled to disk (default 8 MiB). */
  memoryBudgetBytes?: number;
  tmpDir?: string;
  /** Runs merged at once; more are pre-merged in passes (default 32). */
  maxFanIn?: number;
}

export interface SpillStats {
  lines: number;
  spilledRuns: number;
  spilledBytes: number;
  mergePasses: number;
}

interface Entry {
  key: string;
  seq: number;
  line: string;
}

/** One root's lines, oldest first (or one part of them, see groups()). */
export interface LineGroup {
  key: string;
  lines: string[];
  /** 0 for a root's first lines; 1, 2, … for the following parts of a root split by `maxLines`. */
  part: number;
}

const ENTRY_OVERHEAD = 96;
const DEFAULT_BUDGET = 8 * 1024 * 1024;
/** Read size per run while merging (up to maxFanIn runs are open at once). */
const RUN_READ_BYTES = 16 * 1024;

export class RootGrouper {
  readonly stats: SpillStats = { lines: 0, spilledRuns: 0, spilledBytes: 0, mergePasses: 0 };
  private buffer: Entry[] = [];
  private bufferedBytes = 0;
  private runs: string[] = [];
  private dir: string | undefined;
  private runCounter = 0;
  private readonly budget: number;
  private readonly fanIn: number;

  constructor(private readonly options: SpillOptions = {}) {
    // Several runs buffer at once (one per concurrent bulk operation): keep each one's share small.
    this.budget = options.memoryBudgetBytes ?? DEFAULT_BUDGET;
    this.fanIn = Math.max(2, options.maxFanIn ?? 32);
  }

  /** Adds one line under its root key. */
  async add(key: string, line: string): Promise<void> {
    if (/[\t\n]/.test(key)) throw new SnapshelfError("Bulk root key contains a tab or newline", { key });
    this.buffer.push({ key, seq: this.stats.lines++, line });
    this.bufferedBytes += (key.length + line.length) * 2 + ENTRY_OVERHEAD;
    if (this.bufferedBytes >= this.budget) await this.spill();
  }

  /**
   * Every root's lines, grouped, in key order; removes the temp files when done.
   * With `maxLines`, a root with more lines comes in parts of at most that
   * many (a location's inventory levels can number hundreds of thousands).
   */
  async *groups(maxLines = Infinity): AsyncGenerator<LineGroup> {
    try {
      const source = this.runs.length === 0 ? this.memoryEntries() : await this.mergedEntries();
      let current: LineGroup | undefined;
      for await (const entry of source) {
        if (current && (current.key !== entry.key || current.lines.length >= maxLines)) {
          yield current;
          current = current.key === entry.key ? { key: entry.key, lines: [], part: current.part + 1 } : undefined;
        }
        current ??= { key: entry.key, lines: [], part: 0 };
        current.lines.push(entry.line);
      }
      if (current) yield current;
    } finally {
      await this.cleanup();
    }
  }

  /** Removes temp files (also done by groups()). */
  async cleanup(): Promise<void> {
    this.buffer = [];
    this.bufferedBytes = 0;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.runs = [];
  }

  private sortedBuffer(): Entry[] {
    const entries = this.buffer;
    this.buffer = [];
    this.bufferedBytes = 0;
    return entries.sort(compareEntries);
  }

  private async *memoryEntries(): AsyncGenerator<Entry> {
    yield* this.sortedBuffer();
  }

  private async spill(): Promise<void> {
    if (this.buffer.length === 0) return;
    const path = await this.newRunPath();
    await writeRun(path, this.sortedBuffer(), (n) => (this.stats.spilledBytes += n));
    this.runs.push(path);
    this.stats.spilledRuns += 1;
  }

  private async newRunPath(): Promise<string> {
    this.dir ??= await mkdtemp(join(this.options.tmpDir ?? tmpdir(), "snapshelf-bulk-"));
    return join(this.dir, `run-${this.runCounter++}`);
  }

  private async mergedEntries(): Promise<AsyncGenerator<Entry>> {
    await this.spill();
    // Each open run costs a read buffer: merge in passes so memory stays bounded however many runs exist.
    while (this.runs.length > this.fanIn) {
      this.stats.mergePasses += 1;
      const batch = this.runs.splice(0, this.fanIn);
      const path = await this.newRunPath();
      await writeRun(path, mergeRuns(batch), () => undefined);
      await Promise.all(batch.map((p) => unlink(p)));
      this.runs.push(path);
    }
    return mergeRuns(this.runs);
  }
}

function compareEntries(a: Entry, b: Entry): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq;
}

async function writeRun(path: string, entries: Iterable<Entry> | AsyncIterable<Entry>, onBytes: (n: number) => void): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 256 * 1024 });
  const done = new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.once("finish", () => resolve());
  });
  for await (const entry of entries) {
    const text = `${entry.key}\t${entry.seq}\t${entry.line}\n`;
    onBytes(Buffer.byteLength(text));
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  out.end();
  await done;
}

/**
 * The entries of one run, read chunk by chunk as the merge asks for them.
 * Not readline: its async iterator queues up to 1,024 lines per reader
 * before pausing, which across a 32-run merge held ~30 MB of lines per
 * bulk operation (measured on the large store's orders).
 */
async function* readRun(path: string): AsyncGenerator<Entry> {
  let pending = "";
  const parse = (text: string): Entry => {
    const first = text.indexOf("\t");
    const second = text.indexOf("\t", first + 1);
    return { key: text.slice(0, first), seq: Number(text.slice(first + 1, second)), line: text.slice(second + 1) };
  };
  for await (const chunk of createReadStream(path, { highWaterMark: RUN_READ_BYTES, encoding: "utf8" })) {
    pending += chunk as string;
    let start = 0;
    for (let at = pending.indexOf("\n"); at !== -1; at = pending.indexOf("\n", start)) {
      if (at > start) yield parse(pending.slice(start, at));
      start = at + 1;
    }
    pending = pending.slice(start);
  }
  if (pending.length > 0) yield parse(pending);
}

/** k-way merge of sorted runs through a binary heap. */
async function* mergeRuns(paths: string[]): AsyncGenerator<Entry> {
  const readers = paths.map(readRun);
  const heap: { entry: Entry; reader: AsyncGenerator<Entry> }[] = [];
  const push = (item: { entry: Entry; reader: AsyncGenerator<Entry> }) => {
    heap.push(item);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (compareEntries(heap[i].entry, heap[parent].entry) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < heap.length && compareEntries(heap[l].entry, heap[min].entry) < 0) min = l;
        if (r < heap.length && compareEntries(heap[r].entry, heap[min].entry) < 0) min = r;
        if (min === i) break;
        [heap[i], heap[min]] = [heap[min], heap[i]];
        i = min;
      }
    }
    return top;
  };
  try {
    for (const reader of readers) {
      const next = await reader.next();
      if (!next.done) push({ entry: next.value, reader });
    }
    while (heap.length > 0) {
      const { entry, reader } = pop();
      yield entry;
      const next = await reader.next();
      if (!next.done) push({ entry: next.value, reader });
    }
  } finally {
    await Promise.all(readers.map((r) => r.return(undefined)));
  }
}
