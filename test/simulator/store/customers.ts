/**
 * The simulated shop's customers: `customer`, `customers`, `customersCount`,
 * `customerByIdentifier`, node lookups, and the customerCreate / Update /
 * Delete / Set mutations (customerSet from API 2025-04, see
 * app/shopify/schema/delta/customers.graphql). Seeded customers are generated lazily
 * (see customers/data.ts), so the `large` preset's 200k cost no memory until read.
 */
import { gid, type Domain, type SimContext, type StoreCore } from "./core";
import { seededIdentity, type CustomerRecord } from "./customers/data";
import type { MetafieldRecord } from "./customers/metafields";
import { lazyConnection } from "./customers/lazy-connection";
import {
  createCustomer,
  customerIdOf,
  deleteCustomer,
  setCustomer,
  updateCustomer,
  type CustomerFieldsInput,
  type CustomerSetIdentifiers,
  type CustomerWriteResult,
} from "./customers/mutations";
import { normalizePhone } from "./customers/mutations";
import { CustomerNode, customerRestPayload } from "./customers/node";
import { selectCustomerIds } from "./customers/query";
import { CustomerStore, type CustomerOrderLinks } from "./customers/store";

export type { CustomerOrderLinks } from "./customers/store";

/** Name and email of a customer, as orders show them. */
export interface CustomerSummary {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
}

export interface CustomerDomain extends Domain {
  /** Number of seeded customer slots: valid indexes for getCustomerSummary (deleted ones included). */
  customerCount(): number;
  /** Current name/email of seeded customer `index`; undefined if deleted or out of range. */
  getCustomerSummary(index: number): CustomerSummary | undefined;
  /** Name/email of seeded customer `index` as seeded (ignores later edits), for seeded order snapshots. */
  getSeededCustomerSummary(index: number): CustomerSummary | undefined;
  /** Current record of any live customer id (seeded or created). */
  getCustomer(id: number): CustomerRecord | undefined;
  /** Live customer id owning `email`, if any. */
  findCustomerIdByEmail(email: string): number | undefined;
  /** The GraphQL Customer node for a live id (for Order.customer). */
  customerNode(id: number): unknown;
  /** Creates a customer (orderCreate's customer.toUpsert), emitting customers/create. */
  createCustomerFromOrder(input: CustomerFieldsInput): CustomerWriteResult;
  /** Replaces a customer's metafields (metafieldsSet through the catalog), bumping updatedAt and emitting customers/update. */
  replaceMetafields(id: number, metafields: MetafieldRecord[], now: string): void;
  /** Called once by the orders domain so customers can answer numberOfOrders, amountSpent, orders, canDelete. */
  linkOrders(links: CustomerOrderLinks): void;
}

/** Builds the customers domain over `core`. */
export function createCustomerDomain(core: StoreCore): CustomerDomain {
  const store = new CustomerStore(core);
  const node = (record: CustomerRecord | undefined): CustomerNode | null => (record ? new CustomerNode(record, store) : null);
  const byGid = (value: unknown) => {
    const id = customerIdOf(String(value));
    return id === undefined ? null : node(store.get(id));
  };
  const payload = (result: CustomerWriteResult) => ({
    customer: node(result.record),
    userErrors: result.errors,
  });

  return {
    name: "customers",
    query: {
      customer: (args) => byGid(args.id),
      customers: (args, context: SimContext) =>
        lazyConnection(
          selectCustomerIds(store, args.query as string | undefined, args.sortKey as string | undefined),
          args,
          context,
          (id) => node(store.get(id)),
          (args.sortKey ?? "ID") === "ID" || args.sortKey === "CREATED_AT" || args.sortKey === "RELEVANCE",
        ),
      customersCount: (args) => {
        const count = args.query ? selectCustomerIds(store, args.query as string, "ID").length : store.liveCount();
        return { count, precision: "EXACT" };
      },
      // customerByIdentifier (2024-07+): look up by id, email or phone; customId is not simulated.
      customerByIdentifier: (args) => {
        const identifier = args.identifier as { id?: string; emailAddress?: string; phoneNumber?: string };
        if (identifier.id) return byGid(identifier.id);
        if (identifier.emailAddress) {
          const id = store.findByEmail(identifier.emailAddress);
          return id === undefined ? null : node(store.get(id));
        }
        if (identifier.phoneNumber) {
          const id = store.findByPhone(normalizePhone(identifier.phoneNumber) ?? identifier.phoneNumber);
          return id === undefined ? null : node(store.get(id));
        }
        return null;
      },
    },
    mutation: {
      customerCreate: (args) => payload(createCustomer(store, args.input as CustomerFieldsInput)),
      customerUpdate: (args) => {
        const input = args.input as CustomerFieldsInput;
        const id = customerIdOf(input.id);
        if (id === undefined) return payload({ errors: [{ field: ["id"], message: "Customer does not exist" }] });
        const { id: _ignored, ...fields } = input;
        return payload(updateCustomer(store, id, fields));
      },
      customerDelete: (args) => {
        const result = deleteCustomer(store, String((args.input as { id: string }).id));
        return {
          deletedCustomerId: result.deletedId ?? null,
          shop: { __typename: "Shop", id: gid("Shop", 1), myshopifyDomain: core.shopDomain, name: core.shopDomain.split(".")[0] },
          userErrors: result.errors,
        };
      },
      customerSet: (args) =>
        payload(setCustomer(store, args.identifier as CustomerSetIdentifiers | undefined, args.input as CustomerFieldsInput)),
    },
    nodeTypes: {
      Customer: (id) => (/^\d+$/.test(id) ? node(store.get(Number(id))) : undefined) ?? undefined,
    },
    customerCount: () => store.seededCount,
    getCustomerSummary: (index) => {
      if (!Number.isInteger(index) || index < 0 || index >= store.seededCount) return undefined;
      const record = store.get(seededIdentity(core, index).id);
      if (!record) return undefined;
      return { id: record.id, email: record.email ?? "", firstName: record.firstName ?? "", lastName: record.lastName ?? "" };
    },
    getSeededCustomerSummary: (index) =>
      Number.isInteger(index) && index >= 0 && index < store.seededCount ? seededIdentity(core, index) : undefined,
    getCustomer: (id) => store.get(id),
    findCustomerIdByEmail: (email) => store.findByEmail(email),
    customerNode: (id) => node(store.get(id)),
    createCustomerFromOrder: (input) => createCustomer(store, input),
    replaceMetafields: (id, metafields, now) => {
      const record = store.get(id);
      if (!record) return;
      const next = { ...record, metafields, updatedAt: now };
      store.put(next);
      core.emit("customers/update", customerRestPayload(next));
    },
    linkOrders: (links) => {
      store.links = links;
    },
  };
}
