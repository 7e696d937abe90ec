/**
 * The simulated shop's orders, for backup, export and history: `order`,
 * `orders`, `ordersCount`, node lookups (Order, LineItem), and orderCreate
 * (a NEW order: restoring an order means re-creating it), orderUpdate,
 * orderDelete. Seeded orders are generated lazily (orders/data.ts): the
 * `large` preset's 500k orders are never materialised together.
 *
 * `setReadAllOrders(false)` models an app without the read_all_orders
 * scope: Shopify then shows only orders created in the last 60 days (older
 * ones are absent from order, orders, ordersCount, nodes and writes). The
 * default is true because Snapshelf requests that scope.
 */
import type { CatalogDomain } from "./catalog";
import { gid, type Domain, type SimContext, type StoreCore } from "./core";
import type { CustomerDomain } from "./customers";
import { lazyConnection } from "./customers/lazy-connection";
import { totalCents, type OrderRecord } from "./orders/data";
import { createOrder, type OrderCreateInput } from "./orders/create-order";
import { deleteOrder, updateOrder, type OrderUpdateInput, type OrderWriteDeps } from "./orders/mutations";
import { OrderNode, type OrderNodeDeps } from "./orders/node";
import { orderRestPayload } from "./orders/rest";
import { selectOrderIds } from "./orders/query";
import { OrderStore } from "./orders/store";

export interface OrderDomain extends Domain {
  /** Grants or withdraws read_all_orders (default true); without it only the last 60 days are visible. */
  setReadAllOrders(value: boolean): void;
  /** Number of seeded order slots (deleted ones included). */
  seededOrderCount(): number;
}

/** Shopify's ordersCount stops counting at `limit`, 10,000 by default, and then reports AT_LEAST. */
const DEFAULT_COUNT_LIMIT = 10_000;

/** Builds the orders domain over `core`, linking orders to customers and catalog variants. */
export function createOrderDomain(core: StoreCore, deps: { catalog: CatalogDomain; customers: CustomerDomain }): OrderDomain {
  const store = new OrderStore(core, deps.customers);
  const nodeDeps: OrderNodeDeps = {
    customerNode: (id) => deps.customers.customerNode(id),
    productNode: (id, context) => deps.catalog.nodeTypes.Product?.(String(id), context),
    variantNode: (id, context) => deps.catalog.nodeTypes.ProductVariant?.(String(id), context),
    shopDomain: core.shopDomain,
  };
  const node = (record: OrderRecord | undefined): OrderNode | null => (record ? new OrderNode(record, nodeDeps) : null);
  const byGid = (value: unknown): OrderNode | null => {
    const match = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(String(value));
    return match ? node(store.get(Number(match[1]))) : null;
  };
  const customerPayload = (id: number): Record<string, unknown> | null => {
    const c = deps.customers.getCustomer(id);
    return c
      ? { id: c.id, email: c.email, first_name: c.firstName, last_name: c.lastName, phone: c.phone, admin_graphql_api_id: gid("Customer", c.id) }
      : null;
  };
  const writeDeps: OrderWriteDeps = {
    variant: (id, context) => {
      const match = /^gid:\/\/shopify\/ProductVariant\/(\d+)$/.exec(id);
      const found = match ? deps.catalog.nodeTypes.ProductVariant?.(match[1], context) : undefined;
      return found && typeof found === "object" ? (found as Record<string, unknown>) : undefined;
    },
    customerExists: (id) => deps.customers.getCustomer(id) !== undefined,
    findCustomerByEmail: (email) => deps.customers.findCustomerIdByEmail(email),
    createCustomer: (input) => {
      const result = deps.customers.createCustomerFromOrder(input);
      return { id: result.record?.id, errors: result.errors };
    },
    customerPayload,
    emitOrder: (topic, order) =>
      core.emit(topic, orderRestPayload(order, order.customerId === null ? null : customerPayload(order.customerId))),
  };

  deps.customers.linkOrders({
    orderIdsOf: (customer, visibleOnly) => store.orderIdsOf(customer, visibleOnly),
    orderNode: (id) => node(store.get(id)) ?? undefined,
    orderTotalCents: (id) => {
      const record = store.getAny(id);
      return record ? totalCents(record) : 0;
    },
  });

  // metafieldsSet lives in the catalog domain; customers and orders take part through its owner seam.
  deps.catalog.registerMetafieldOwner("Customer", {
    get: (id) => deps.customers.getCustomer(Number(id))?.metafields,
    set: (id, metafields, now) => deps.customers.replaceMetafields(Number(id), metafields, now),
    view: (id) => (deps.customers.customerNode(Number(id)) as Record<string, unknown> | null) ?? null,
  });
  deps.catalog.registerMetafieldOwner("Order", {
    get: (id) => store.get(Number(id))?.metafields,
    set: (id, metafields, now) => {
      const record = store.get(Number(id));
      if (!record) return;
      const next = { ...record, metafields, updatedAt: now };
      store.put(next);
      writeDeps.emitOrder("orders/updated", next);
    },
    view: (id) => node(store.get(Number(id))) as unknown as Record<string, unknown> | null,
  });

  const lineItemNode = (lineItemId: number): unknown => {
    const orderId = store.orderOfLineItem(lineItemId);
    const record = orderId === undefined ? undefined : store.get(orderId);
    const line = record?.lineItems.find((l) => l.id === lineItemId);
    return record && line ? new OrderNode(record, nodeDeps).lineItemNode(line) : undefined;
  };

  return {
    name: "orders",
    query: {
      order: (args) => byGid(args.id),
      orders: (args, context: SimContext) => {
        const { ids, idOrder } = selectOrderIds(store, args.query as string | undefined, args.sortKey as string | undefined);
        return lazyConnection(ids, args, context, (id) => node(store.get(id)), idOrder);
      },
      ordersCount: (args) => {
        const count = args.query ? selectOrderIds(store, args.query as string, "ID").ids.length : store.visibleIds().length;
        const limit = args.limit === undefined ? DEFAULT_COUNT_LIMIT : (args.limit as number | null);
        return limit !== null && count > limit ? { count: limit, precision: "AT_LEAST" } : { count, precision: "EXACT" };
      },
    },
    mutation: {
      orderCreate: (args, context) => {
        const result = createOrder(store, writeDeps, args.order as OrderCreateInput, context);
        return { order: node(result.record), userErrors: result.errors };
      },
      orderUpdate: (args) => {
        const result = updateOrder(store, writeDeps, args.input as OrderUpdateInput);
        return { order: node(result.record), userErrors: result.errors };
      },
      orderDelete: (args) => {
        const result = deleteOrder(store, String(args.orderId));
        return { deletedId: result.deletedId ?? null, userErrors: result.errors };
      },
    },
    nodeTypes: {
      Order: (id) => (/^\d+$/.test(id) ? (node(store.get(Number(id))) ?? undefined) : undefined),
      LineItem: (id) => (/^\d+$/.test(id) ? lineItemNode(Number(id)) : undefined),
    },
    setReadAllOrders: (value) => {
      store.readAllOrders = value;
    },
    seededOrderCount: () => store.seededCount,
  };
}
