/** Random edits of a fraction of products (a metafield) and customers (the note), each emitting one webhook. */
import type { AdminClient } from "~/shopify/admin-client";

interface Page {
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function allIds(client: AdminClient, root: "products" | "customers"): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const { data }: { data: Record<string, Page> } = await client.request<Record<string, Page>>(
      `query($after: String) { ${root}(first: 250, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    ids.push(...data[root].nodes.map((n) => n.id));
    if (!data[root].pageInfo.hasNextPage) return ids;
    after = data[root].pageInfo.endCursor;
  }
}

function sample<T>(list: T[], fraction: number, seed: number): T[] {
  let state = seed >>> 0 || 1;
  const next = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return list.filter(() => next() < fraction);
}

/**
 * Waits until the rate-limit bucket is nearly full again. Listing every id
 * above (~1,000 pages on the large store, ~250 points each) empties the
 * app's bucket, and the edits would then start on an empty one: an artefact
 * of this harness, since a merchant's edits in the Shopify admin are not
 * charged to the app's bucket (Shopify limits per app and store). The edits
 * below still go through the app's client and bucket, the conservative side.
 */
async function bucketRefilled(client: AdminClient): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const state = client.throttleState();
    if (!state.known || state.estimatedAvailable >= 0.95 * state.maximumAvailable || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Makes the edits; returns the edited GIDs (one webhook each). */
export async function makeEdits(client: AdminClient, fraction: number, seed: number): Promise<string[]> {
  const products = sample(await allIds(client, "products"), fraction, seed);
  const customers = sample(await allIds(client, "customers"), fraction, seed + 1);
  await bucketRefilled(client);
  for (const id of products) {
    await client.request(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, {
      m: [{ ownerId: id, namespace: "custom", key: "bench_edit", type: "single_line_text_field", value: `edit ${Date.now()}` }],
    });
  }
  for (const id of customers) {
    await client.request(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, { input: { id, note: `bench edit ${Date.now()}` } });
  }
  return [...products, ...customers];
}
