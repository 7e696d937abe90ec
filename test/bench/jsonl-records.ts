/**
 * JSONL → repository records, and the deterministic "1% edited" copy the
 * incremental measurement uses. Lines are split from raw chunks rather than
 * through readline, which would cost more than the work being measured.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { once } from "node:events";
import type { RecordInput } from "~/repo";

/** Every line of the files, as strings, in order. */
export async function* jsonlLines(files: string[]): AsyncGenerator<string> {
  for (const file of files) {
    let rest = "";
    // 64 KB chunks: a 1 MB chunk string (and the `rest + chunk` copy) lands in
    // V8's large-object space and stays until a full collection, ~2-4 MB of
    // heap per MB read; 64 KB strings die young.
    for await (const chunk of createReadStream(file, {
      highWaterMark: 64 << 10,
      encoding: "utf8",
    }) as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
        if (nl > start) yield text.slice(start, nl);
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    if (rest.trim()) yield rest;
  }
}

/** "gid://shopify/Product/1" → "Product"; nested ids such as MailingAddress ?model_name keep their type. */
function typeOf(gid: string): string {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(gid);
  if (!match) throw new Error(`bulk line without a Shopify GID: ${gid.slice(0, 80)}`);
  return match[1];
}

const ID_PREFIX = '{"id":"';

/**
 * Bulk JSONL lines as records keyed by (type, id). Customers go under their own
 * subject key, as the backup pipeline stores them, unless `subjects` is false.
 * With `raw` (default) each line goes to the engine as JSON text: bulk lines
 * start with their `id`, so the key costs an indexOf, and parsing happens on
 * the engine's worker threads; otherwise every line is parsed here.
 */
export async function* jsonlRecords(files: string[], subjects = true, raw = true): AsyncGenerator<RecordInput> {
  for await (const line of jsonlLines(files)) {
    let gid: string;
    let record: Record<string, unknown> | undefined;
    const end = raw && line.startsWith(ID_PREFIX) ? line.indexOf('"', ID_PREFIX.length) : -1;
    const prefixGid = end > 0 ? line.slice(ID_PREFIX.length, end) : "";
    // An escaped character in the id would need JSON decoding: parse those lines here.
    if (prefixGid && !prefixGid.includes("\\")) {
      gid = prefixGid;
    } else {
      record = JSON.parse(line) as Record<string, unknown>;
      gid = String(record.id);
    }
    const type = typeOf(gid);
    const body = record ? { record } : { json: line };
    yield subjects && type === "Customer" ? { type, gid, ...body, subject: gid } : { type, gid, ...body };
  }
}

/** mulberry32: a tiny seeded PRNG, so the edited copy is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A realistic edit: bump updatedAt when the record has one, else change its first text field. */
function editLine(line: string, n: number): string {
  const record = JSON.parse(line) as Record<string, unknown>;
  if (typeof record.updatedAt === "string")
    record.updatedAt = `2026-11-27T00:00:${String(n % 60).padStart(2, "0")}Z`;
  const field = Object.keys(record).find(
    (k) => k !== "id" && k !== "__parentId" && k !== "updatedAt" && typeof record[k] === "string",
  );
  if (field) record[field] = `${String(record[field])} (edited ${n})`;
  return JSON.stringify(record);
}

export interface EditedCopy {
  dir: string;
  files: string[];
  edited: number;
}

/** Copies the files to `dir` with `fraction` of lines edited at seeded random places (cached). */
export async function editedCopy(
  files: string[],
  dir: string,
  fraction: number,
  seed: number,
): Promise<EditedCopy> {
  const marker = join(dir, "complete.json");
  try {
    return JSON.parse(await readFile(marker, "utf8")) as EditedCopy;
  } catch {
    // not cached yet
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const random = rng(seed * 7919 + 1);
  const out: string[] = [];
  let edited = 0;
  for (const file of files) {
    const target = join(dir, basename(file));
    const stream = createWriteStream(target);
    for await (const line of jsonlLines([file])) {
      const text = random() < fraction ? editLine(line, ++edited) : line;
      if (!stream.write(text + "\n")) await once(stream, "drain");
    }
    stream.end();
    await once(stream, "finish");
    out.push(target);
  }
  const result: EditedCopy = { dir, files: out, edited };
  await writeFile(marker, JSON.stringify(result));
  return result;
}
