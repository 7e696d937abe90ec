/**
 * `npm run bench:incremental-scale -- --json [--records 2750000] [--changes 30] [--rounds 10]`
 *
 * What one webhook-driven incremental costs the repository at the `large`
 * store's size (2.75M records), without the simulator's hour-long full
 * snapshot: a full snapshot of synthetic product records, then rounds of
 * small incrementals written through the kept handle the app's worker uses
 * (app/backup/repository-cache.ts), each followed by the catalog's diff
 * against the previous snapshot. Also times one walk of the whole state:
 * before the sparse path, an incremental write walked it three times and
 * the diff twice. Progress on stderr, one JSON object on stdout.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRepositoryCache } from "~/backup/repository-cache";
import { createLocalKeyProvider, generateMasterKey } from "~/keys/local-key-provider";
import { createRepository, openOrCreate } from "~/repo";
import { product } from "~/repo/test-support";
import { createLocalBlobStore } from "~/storage/local-blob-store";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    records: { type: "string", default: "2750000" },
    changes: { type: "string", default: "30" },
    rounds: { type: "string", default: "10" },
  },
});
const records = Number(values.records);
const changes = Number(values.changes);
const rounds = Number(values.rounds);
for (const [name, n] of Object.entries({ records, changes, rounds })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${values[name as keyof typeof values]}`);
}
const shop = "scale.myshopify.com";
const dir = mkdtempSync(join(tmpdir(), "snapshelf-bench-scale-"));
const keys = createLocalKeyProvider(generateMasterKey());
const open = () => openOrCreate(createRepository({ store: createLocalBlobStore(dir), keys, shop }));
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const ms = (since: number) => Math.round(performance.now() - since);
const p95 = (list: number[]) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.ceil(list.length * 0.95) - 1)];

try {
  let t = performance.now();
  async function* all() {
    for (let i = 0; i < records; i++) yield { type: "Product", gid: `gid://shopify/Product/${i}`, record: product(i) };
  }
  let previous = await (await open()).writeSnapshot({ kind: "full", records: all() });
  const fullSeconds = ms(t) / 1000;
  process.stderr.write(`[bench] full snapshot of ${records} records in ${fullSeconds} s\n`);

  // A fresh handle, as after a worker restart: the walk loads the index first, so time a second walk.
  const walker = await open();
  for await (const _ of walker.readSnapshot(previous.id, { types: ["~none"] })) void _;
  t = performance.now();
  for await (const _ of walker.readSnapshot(previous.id, { types: ["~none"] })) void _;
  const walkMs = ms(t);

  const cache = createRepositoryCache({ open });
  const writes: number[] = [];
  const diffs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    t = performance.now();
    const repository = await cache.get(shop);
    const batch = Array.from({ length: changes }, (_, j) => {
      const i = (round * 7919 + j * 104729) % records;
      return { type: "Product", gid: `gid://shopify/Product/${i}`, record: product(i, round) };
    });
    const info = await repository.writeSnapshot({ kind: "incremental", records: batch });
    writes.push(ms(t));
    t = performance.now();
    let changed = 0;
    for await (const _ of repository.diff(previous.id, info.id)) changed++;
    diffs.push(ms(t));
    if (changed !== changes) throw new Error(`round ${round}: diff reported ${changed} changes, ${changes} were written`);
    previous = info;
    process.stderr.write(`[bench] round ${round}: write ${writes.at(-1)} ms, diff ${diffs.at(-1)} ms\n`);
  }
  const out = {
    records,
    changes_per_incremental: changes,
    full_s: fullSeconds,
    full_state_walk_ms: walkMs,
    // The first job after a worker start loads the record index; later jobs reuse the kept handle.
    first_incremental_ms: writes[0],
    kept_incremental_p95_ms: p95(writes.slice(1)),
    diff_p95_ms: p95(diffs),
    peak_rss_mb: Math.round(peak / 1048576),
  };
  console.log(values.json ? JSON.stringify(out) : out);
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
