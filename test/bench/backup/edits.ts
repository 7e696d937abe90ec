/** Random edits of a fraction of products (a metafield) and customers (the note), each emitting one webhook. */
import type { AdminClient } from "~/shopify/admin-client";
import { runBulkQuery } from "~/shopify/bulk-runner";

/**
 * Every id of `root`, through one bulk query: bulk operations do not draw on
 * the rate limit, where paging 250 ids at a time (252 points a page) kept the
 * editor busy for minutes on the large store, and left its bucket empty, so
 * the pace of the edits after it depended on that.
 */
async function allIds(client: AdminClient, root: "products" | "customers"): Promise<string[]> {
  const ids: string[] = [];
  for await (const record of runBulkQuery(client, `{ ${root} { edges { node { id } } } }`, { pollIntervalMs: 200 })) ids.push(record.gid);
  return ids;
}

function sample<T>(list: T[], fraction: number, seed: number): T[] {
  let state = seed >>> 0 || 1;
  const next = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return list.filter(() => next() < fraction);
}

/**
 * Edits per second, products then customers: the pace measured when the
 * editor's own bucket paced it (2026-11-27). Unpaced, the editor went as fast
 * as the simulator answered it, 45–55 product and 129–178 customer edits a
 * second depending on the machine's load, and the incremental figures with it.
 */
export const EDIT_PACE = { products: 45, customers: 130 };

export interface EditRun {
  /** Edited GIDs (one webhook each). */
  gids: string[];
  /** Seconds from the first edit to the last one answered. */
  seconds: number;
  /** Seconds the edits would take at EDIT_PACE: more in `seconds` means the store answered slower than the pace. */
  paceSeconds: number;
}

/** Makes the edits at EDIT_PACE. */
export async function makeEdits(client: AdminClient, fraction: number, seed: number): Promise<EditRun> {
  const products = sample(await allIds(client, "products"), fraction, seed);
  const customers = sample(await allIds(client, "customers"), fraction, seed + 1);
  const started = performance.now();
  await paced(products, EDIT_PACE.products, (id) =>
    client.request(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, {
      m: [{ ownerId: id, namespace: "custom", key: "bench_edit", type: "single_line_text_field", value: `edit ${Date.now()}` }],
    }),
  );
  await paced(customers, EDIT_PACE.customers, (id) =>
    client.request(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, { input: { id, note: `bench edit ${Date.now()}` } }),
  );
  const seconds = (performance.now() - started) / 1000;
  const paceSeconds = products.length / EDIT_PACE.products + customers.length / EDIT_PACE.customers;
  return { gids: [...products, ...customers], seconds, paceSeconds };
}

/** One edit after another, the i-th not before i / perSecond seconds from the start. */
async function paced(ids: string[], perSecond: number, edit: (id: string) => Promise<unknown>): Promise<void> {
  const start = performance.now();
  for (const [i, id] of ids.entries()) {
    const due = start + (i * 1000) / perSecond - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    await edit(id);
  }
}
