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

/** Makes the edits; returns the edited GIDs (one webhook each). */
export async function makeEdits(client: AdminClient, fraction: number, seed: number): Promise<string[]> {
  const products = sample(await allIds(client, "products"), fraction, seed);
  const customers = sample(await allIds(client, "customers"), fraction, seed + 1);
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
