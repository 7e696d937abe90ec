/**
 * Customer restore against the simulator: damage (names, tags, note,
 * addresses, metafields) and delete customers after a snapshot, restore,
 * and the live customer equals the snapshot field by field; a crash after
 * Shopify accepted a re-create resumes without a duplicate customer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { CUSTOMER_NOT_RESTORED } from "./customers";
import { dyingClient, recordHarness, type RecordHarness } from "./test-harness";

let h: RecordHarness;
let list: { gid: string; record: JsonObject }[];

const SET = `mutation($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) { customerSet(identifier: $identifier, input: $input) { customer { id } userErrors { message } } }`;
const DELETE = `mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { message } } }`;
const SET_MF = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`;
const BY_EMAIL = `query($q: String!) { customers(first: 5, query: $q) { nodes { id email } } }`;

let snapshotId: string;

/** Deletes the customer (Shopify keeps customers who have orders: the tests use customers they made). */
async function remove(gid: string) {
  const answer = await h.f.gql<{ customerDelete: { deletedCustomerId: string | null } }>(DELETE, { id: gid });
  expect(answer.customerDelete.deletedCustomerId).toBe(gid);
}

beforeAll(async () => {
  h = await recordHarness(["customers"]);
  const made: string[] = [];
  for (let i = 0; i < 3; i++) {
    const input = {
      firstName: `Ada${i}`,
      lastName: "Lovelace",
      email: `ada${i}@example.com`,
      phone: `+1415555010${i}`,
      note: "VIP",
      tags: ["b-tag", "a-tag"],
      addresses: [
        { address1: `${i} Analytical St`, city: "London", countryCode: "GB", zip: "N1 1AA", firstName: "Ada", lastName: "Lovelace" },
        { address1: "2 Engine Rd", city: "Toronto", countryCode: "CA", provinceCode: "ON", zip: "M5V 2T6" },
      ],
    };
    const answer = await h.f.gql<{ customerSet: { customer: { id: string } } }>(SET, { input });
    made.push(answer.customerSet.customer.id);
    await h.f.gql(SET_MF, { m: [{ ownerId: answer.customerSet.customer.id, namespace: "custom", key: "tier", type: "single_line_text_field", value: "gold" }] });
  }
  snapshotId = await h.snapshot(["customers"]);
  const all = await h.records("Customer", snapshotId);
  list = made.map((gid) => all.find((c) => c.gid === gid) as (typeof all)[number]);
}, 60_000);
afterAll(() => h?.close());

describe("customer restore", () => {
  it("restores damaged and deleted customers field by field", async () => {
    expect(list.length).toBeGreaterThanOrEqual(3);
    const [a, b] = list;
    await h.f.gql(SET, { identifier: { id: a.gid }, input: { firstName: "Wrong", note: "overwritten", tags: ["x"], addresses: [{ address1: "1 Nowhere", city: "Nope", countryCode: "US", provinceCode: "NY", zip: "10001" }] } });
    await h.f.gql(SET_MF, { m: [{ ownerId: a.gid, namespace: "custom", key: "added_later", type: "single_line_text_field", value: "new" }] });
    await remove(b.gid);
    expect((await h.mismatches("Customer", [a.gid, b.gid], snapshotId)).length).toBe(2);

    const { run, plan } = await h.restore("Customer", [a.gid, b.gid], { snapshotId });
    expect(plan.previews.find((p) => p.gid === a.gid)?.notes).toContain(CUSTOMER_NOT_RESTORED);
    const report = await h.execute(run.id);
    expect(report.failed).toBe(0);
    expect(await h.mismatches("Customer", [a.gid, b.gid], snapshotId)).toEqual([]);
    expect(await h.journal.lookupGid(h.shop, b.gid)).toMatch(/Customer\//);
  });

  it("restores a seeded customer (generated addresses, tags, consent) after damage", async () => {
    const seeded = (await h.records("Customer")).filter((c) => ((c.record.addressesV2 ?? []) as unknown[]).length > 1).slice(0, 3);
    expect(seeded.length).toBeGreaterThan(0);
    for (const c of seeded) await h.f.gql(SET, { identifier: { id: c.gid }, input: { lastName: "Changed", tags: [], addresses: [{ address1: "9 Elsewhere", countryCode: "US", provinceCode: "CA", city: "LA", zip: "90001" }] } });
    const gids = seeded.map((c) => c.gid);
    expect((await h.mismatches("Customer", gids)).length).toBe(seeded.length);
    const { run } = await h.restore("Customer", gids);
    expect((await h.execute(run.id)).failed).toBe(0);
    expect(await h.mismatches("Customer", gids)).toEqual([]);
  });

  it("resumes a re-create that landed before the crash without a second customer", async () => {
    const c = list[2];
    await remove(c.gid);
    const dying = dyingClient(h.f.client, "SnapshelfRestoreCustomerSet");
    const { run } = await h.restore("Customer", [c.gid], { snapshotId });
    await expect(h.execute(run.id, dying)).rejects.toThrow(/killed/);
    expect((await h.journal.steps(run.id))[0].status).toBe("sent");
    const report = await h.execute(run.id);
    expect(report.failed).toBe(0);
    const found = await h.f.gql<{ customers: { nodes: { email: string }[] } }>(BY_EMAIL, { q: `email:${String(c.record.email)}` });
    expect(found.customers.nodes.filter((n) => n.email === c.record.email)).toHaveLength(1);
    expect(await h.mismatches("Customer", [c.gid], snapshotId)).toEqual([]);
  });

  it("skips a customer erased on request (customers/redact) and never deletes it live, even when undoing", async () => {
    const [seeded] = (await h.records("Customer")).slice(-1);
    await h.f.repository.forgetSubject(seeded.gid);
    for (const deleteAbsent of [false, true]) {
      const { plan } = await h.restore("Customer", [seeded.gid], { deleteAbsent });
      expect(plan.steps).toEqual([]);
      expect(plan.skipped).toEqual([{ gid: seeded.gid, reason: "Erased on the customer's request (customers/redact): it can no longer be restored" }]);
    }
  });
});
