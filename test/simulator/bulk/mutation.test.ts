import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../index";
import { API_KEY, API_SECRET, gql, startReceiver, waitFor } from "../server/test-helpers";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const STAGE = `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) {
  stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`;
const RUN = `mutation($m: String!, $p: String!) { bulkOperationRunMutation(mutation: $m, stagedUploadPath: $p) {
  bulkOperation { id status type } userErrors { field message code } } }`;
const PRODUCT_SET = `mutation call($input: ProductSetInput!) { productSet(input: $input, synchronous: true) {
  product { id handle title } userErrors { field message code } } }`;
const FIELDS = "id status type errorCode objectCount url partialDataUrl";

type RunAnswer = { bulkOperation: { id: string; status: string; type: string } | null; userErrors: { field: string[] | null; message: string; code: string }[] };
type Op = { id: string; status: string; type: string; errorCode: string | null; objectCount: string; url: string | null; partialDataUrl: string | null };

async function start(webhookUrl?: string) {
  const sim = await startSimulator({ apiKey: API_KEY, apiSecret: API_SECRET, seed: 3, size: "tiny", webhookUrl });
  cleanups.push(() => sim.close());
  return sim;
}

/** stagedUploadsCreate(BULK_MUTATION_VARIABLES) + PUT; answers the stagedUploadPath (the target's key). */
async function upload(sim: RunningSimulator, lines: string[]): Promise<string> {
  const { json } = await gql(sim, STAGE, { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: "vars.jsonl", mimeType: "text/jsonl", httpMethod: "POST" }] });
  const target = (json.data as { stagedUploadsCreate: { stagedTargets: { url: string; parameters: { name: string; value: string }[] }[] } }).stagedUploadsCreate.stagedTargets[0];
  // The documented upload: a multipart POST of the target's parameters, then the file.
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append("file", new Blob([lines.join("\n") + "\n"], { type: "text/jsonl" }), "vars.jsonl");
  const response = await fetch(target.url, { method: "POST", body: form });
  expect(response.ok).toBe(true);
  return target.parameters.find((p) => p.name === "key")!.value;
}

async function runMutation(sim: RunningSimulator, mutation: string, path: string, version = "2026-01"): Promise<RunAnswer> {
  const { json } = await gql(sim, RUN, { m: mutation, p: path }, { version });
  return (json.data as { bulkOperationRunMutation: RunAnswer }).bulkOperationRunMutation;
}

async function finished(sim: RunningSimulator, id: string): Promise<Op> {
  return waitFor(async () => {
    const { json } = await gql(sim, `query($id: ID!) { bulkOperation(id: $id) { ${FIELDS} } }`, { id });
    const op = (json.data as { bulkOperation: Op }).bulkOperation;
    return ["COMPLETED", "FAILED", "CANCELED"].includes(op.status) ? op : undefined;
  });
}

const product = (handle: string, title = `Bulk ${handle}`) =>
  JSON.stringify({ input: { title, handle, productOptions: [{ name: "Title", values: [{ name: "Default Title" }] }], variants: [{ optionValues: [{ optionName: "Title", name: "Default Title" }], price: "5.00" }] } });

describe("bulkOperationRunMutation", () => {
  it("runs the mutation once per uploaded line, without spending the bucket, and serves one result line per input line", async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const sim = await start(receiver.url);
    const lines = Array.from({ length: 30 }, (_, i) => product(`bulk-${i}`));
    // Line 7 has a userError (empty title on create), line 8 invalid variables: only those lines fail.
    lines[7] = product("bulk-7", "");
    lines[8] = JSON.stringify({ input: { title: 42, handle: 9 } });
    const path = await upload(sim, lines);
    const before = (await gql(sim, "{ shop { id } }")).json.extensions!.cost.throttleStatus.currentlyAvailable;
    const started = await runMutation(sim, PRODUCT_SET, path);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation).toMatchObject({ status: "CREATED", type: "MUTATION" });
    const op = await finished(sim, started.bulkOperation!.id);
    expect(op).toMatchObject({ status: "COMPLETED", type: "MUTATION", errorCode: null, objectCount: "30" });
    const after = (await gql(sim, "{ shop { id } }")).json.extensions!.cost.throttleStatus.currentlyAvailable;
    // Only the run mutation (10) and the two shop reads were charged, not 30 productSets.
    expect(before - after).toBeLessThanOrEqual(12);
    const results = (await (await fetch(op.url!)).text()).trim().split("\n").map((l) => JSON.parse(l) as { data?: { productSet: { product: { handle: string } | null; userErrors: unknown[] } }; errors?: unknown[]; __lineNumber: number });
    expect(results.map((r) => r.__lineNumber)).toEqual(lines.map((_, i) => i));
    expect(results[0].data!.productSet.product!.handle).toBe("bulk-0");
    expect(results[7].data!.productSet.product).toBeNull();
    expect(results[7].data!.productSet.userErrors.length).toBeGreaterThan(0);
    expect(results[8].errors?.length).toBeGreaterThan(0);
    const created = await gql(sim, `{ productByIdentifier(identifier: {handle: "bulk-29"}) { title } }`);
    expect(created.json.data).toEqual({ productByIdentifier: { title: "Bulk bulk-29" } });
    const current = await gql(sim, `{ currentBulkOperation(type: MUTATION) { id type status } }`);
    expect(current.json.data).toEqual({ currentBulkOperation: { id: op.id, type: "MUTATION", status: "COMPLETED" } });
    const hook = await waitFor(() => receiver.received.find((h) => h.headers["x-shopify-topic"] === "bulk_operations/finish"));
    expect(JSON.parse(hook.body)).toMatchObject({ admin_graphql_api_id: op.id, status: "completed", type: "mutation" });
  });

  it("refuses invalid mutations, unknown files, non-JSONL files and a second operation before 2026-01", async () => {
    const sim = await start();
    const good = await upload(sim, [product("one"), product("two")]);
    expect((await runMutation(sim, "mutation { nope }", good)).userErrors[0].code).toBe("INVALID_MUTATION");
    expect((await runMutation(sim, "{ shop { id } }", good)).userErrors[0].code).toBe("INVALID_MUTATION");
    expect((await runMutation(sim, PRODUCT_SET, "staged/not-a-file/vars.jsonl")).userErrors[0].code).toBe("NO_SUCH_FILE");
    const broken = await upload(sim, ["{not json"]);
    expect((await runMutation(sim, PRODUCT_SET, broken)).userErrors[0]).toMatchObject({ code: "INVALID_STAGED_UPLOAD_FILE", message: "Unexpected file structure - expected JSONL" });
    const big = await upload(sim, Array.from({ length: 400 }, (_, i) => product(`many-${i}`)));
    const first = await runMutation(sim, PRODUCT_SET, big, "2025-10");
    expect(first.userErrors).toEqual([]);
    const second = await runMutation(sim, PRODUCT_SET, good, "2025-10");
    expect(second.userErrors[0].code).toBe("OPERATION_IN_PROGRESS");
    await finished(sim, first.bulkOperation!.id);
  });

  it("fails part-way when told to: lines run so far stay applied and are listed in partialDataUrl", async () => {
    const sim = await start();
    const path = await upload(sim, Array.from({ length: 10 }, (_, i) => product(`part-${i}`)));
    sim.injectBulkMutationFailure("FAILED_PARTIAL");
    const started = await runMutation(sim, PRODUCT_SET, path);
    const op = await finished(sim, started.bulkOperation!.id);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    const partial = (await (await fetch(op.partialDataUrl!)).text()).trim().split("\n");
    expect(partial).toHaveLength(5);
    const last = await gql(sim, `{ a: productByIdentifier(identifier: {handle: "part-4"}) { id } b: productByIdentifier(identifier: {handle: "part-5"}) { id } }`);
    expect(last.json.data).toMatchObject({ a: { id: expect.any(String) }, b: null });
    // A tampered result link is refused.
    expect((await fetch(op.partialDataUrl!.replace(/\/[0-9a-f]+\.jsonl$/, "/00.jsonl"))).status).toBe(404);
  });
});
