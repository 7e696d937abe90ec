/**
 * Child process for crash.test.ts: writes snapshots into a local-folder
 * repository and, at the requested point, announces it and stops dead so the
 * parent can SIGKILL it exactly there. Usage:
 *   node --import tsx test/repo/crash-child.ts <dir> <clock-offset-ms> <versions,…> <stop-at>
 * stop-at: "none", "<kind>:<n>" (after the n-th completed put of packs/index/snapshots/locks
 * objects), or "records:<n>" (after n records were handed to the engine).
 */
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository, type RecordInput } from "~/repo";
import type { BlobStore } from "~/storage/blob-store";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { CRASH_MASTER_KEY, CRASH_SHOP, CRASH_TUNING, crashRecords } from "./crash-data";

const [dir, offsetText, versionsText, stopAt] = process.argv.slice(2);
const offset = Number(offsetText);
const [stopKind, stopCountText] = stopAt.split(":");
const stopCount = Number(stopCountText);
const counts = new Map<string, number>();

const say = (line: string) => process.stdout.write(line + "\n");
const halt = (): Promise<never> => {
  say("STOPPED");
  return new Promise<never>(() => {
    setInterval(() => {}, 1000); // keep the event loop alive until SIGKILL
  });
};

function objectKind(key: string): string {
  const match = /^shops\/[^/]+\/(packs|index|snapshots|locks|keys|config)/.exec(key);
  return match ? match[1] : "other";
}

function traced(store: BlobStore): BlobStore {
  return {
    url: store.url,
    get: (key) => store.get(key),
    getRange: (key, o, l) => store.getRange(key, o, l),
    stat: (key) => store.stat(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
    async put(key, data, options) {
      await store.put(key, data, options);
      const kind = objectKind(key);
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      say(`PUT ${kind} ${n}`);
      if (kind === stopKind && n === stopCount) await halt();
    },
  };
}

async function* stream(records: RecordInput[]): AsyncGenerator<RecordInput> {
  let n = 0;
  for (const record of records) {
    yield record;
    n++;
    if (stopKind === "records" && n === stopCount) await halt();
  }
}

const store = traced(createLocalBlobStore(dir));
const repo = createRepository({
  store,
  keys: createLocalKeyProvider(CRASH_MASTER_KEY),
  shop: CRASH_SHOP,
  now: () => new Date(Date.now() + offset),
  tuning: CRASH_TUNING,
});
if (await store.stat(`shops/${CRASH_SHOP}/config`)) await repo.open();
else await repo.init();
say("READY");
for (const version of versionsText.split(",").map(Number)) {
  const info = await repo.writeSnapshot({
    kind: "full",
    records: stream(crashRecords(version)),
    tags: { version: String(version) },
  });
  say(`COMMITTED ${version} ${info.id}`);
}
say("DONE");
