/**
 * Streams a snapshot's orders with their personal part, never holding more
 * than one order of each kind in memory.
 *
 * A manifest is sorted by (type, GID), so every `Order` entry comes before
 * every `OrderPersonal` entry and both lists run in the same GID order. Two
 * readers over the same snapshot — one on `Order`, one on `OrderPersonal` —
 * are merged like sorted files. Each reader asks the repository for its one
 * type, so no other record (product media bytes, say) is ever decrypted.
 */
import type { Repository, SnapshotEntry } from "~/repo";
import type { BackedUpOrder, OrderPersonal, SnapshotOrder } from "./types";

/** The entries of one record type, in GID order. */
async function* entriesOf(repository: Repository, snapshotId: string, type: string): AsyncGenerator<SnapshotEntry> {
  yield* repository.readSnapshot(snapshotId, { types: [type] });
}

/** Counters a reader fills in as it goes (for reports and tests). */
export interface ReadOrdersStats {
  orders: number;
  personalRedacted: number;
  personalMissing: number;
  /** Order entries that could not be read (an Order record is never subject-keyed, so this stays 0). */
  ordersUnreadable: number;
}

export function emptyReadStats(): ReadOrdersStats {
  return { orders: 0, personalRedacted: 0, personalMissing: 0, ordersUnreadable: 0 };
}

/** Every order of a snapshot, in GID order, its personal fields attached when readable. */
export async function* readSnapshotOrders(repository: Repository, snapshotId: string, stats: ReadOrdersStats = emptyReadStats()): AsyncGenerator<SnapshotOrder> {
  const personals = entriesOf(repository, snapshotId, "OrderPersonal");
  let started = false;
  let p: IteratorResult<SnapshotEntry> = { done: true, value: undefined };
  try {
    for await (const entry of entriesOf(repository, snapshotId, "Order")) {
      if (!entry.record) {
        stats.ordersUnreadable++;
        continue;
      }
      // The personal reader starts with the first order, so a snapshot without orders costs one pass.
      if (!started) {
        started = true;
        p = await personals.next();
      }
      while (!p.done && p.value.gid < entry.gid) p = await personals.next();
      const match = !p.done && p.value.gid === entry.gid ? p.value : undefined;
      const personalData = !match ? "missing" : match.redacted ? "redacted" : "included";
      if (personalData === "redacted") stats.personalRedacted++;
      if (personalData === "missing") stats.personalMissing++;
      stats.orders++;
      yield {
        order: entry.record as unknown as BackedUpOrder,
        personal: match?.record ? (match.record as unknown as OrderPersonal) : null,
        personalData,
      };
    }
  } finally {
    await personals.return(undefined);
  }
}
