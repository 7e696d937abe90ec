/**
 * orderUpdate / orderDelete and the helpers orderCreate shares (create-order.ts).
 * Input is validated in full before anything is written (no partial writes
 * on userErrors); successful writes emit orders/updated (Shopify's topic
 * name, not "orders/update") and orders/delete.
 */
import { gid, parseGid, type SimContext, type UserError } from "../core";
import { addressFromInput, type AddressInput } from "../customers/addresses";
import { applyMetafieldInputs, type MetafieldInput } from "../customers/metafields";
import { iso } from "../customers/timeline";
import { ORDER_ADDRESS_ID_BASE, ORDER_METAFIELD_ID_BASE, type OrderRecord } from "./data";
import type { OrderStore } from "./store";

/** What mutations need from other domains. */
export interface OrderWriteDeps {
  variant(id: string, context: SimContext): Record<string, unknown> | undefined;
  customerExists(id: number): boolean;
  findCustomerByEmail(email: string): number | undefined;
  createCustomer(input: { email?: string | null; firstName?: string | null; lastName?: string | null; phone?: string | null; note?: string | null; tags?: string[] | null }): { id?: number; errors: UserError[] };
  customerPayload(id: number): Record<string, unknown> | null;
  emitOrder(topic: string, order: OrderRecord): void;
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const cents = (amount: string | number) => Math.round(Number(amount) * 100);

export function numericGid(value: string | null | undefined, type: string): number | undefined {
  const parsed = value ? parseGid(value) : undefined;
  return parsed && parsed.type === type && /^\d+$/.test(parsed.id) ? Number(parsed.id) : undefined;
}

export function resolved(value: unknown): Record<string, unknown> | undefined {
  const v = typeof value === "function" ? (value as () => unknown)() : value;
  return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

export interface OrderUpdateInput {
  id: string;
  email?: string | null;
  note?: string | null;
  tags?: string[] | null;
  poNumber?: string | null;
  shippingAddress?: AddressInput | null;
  customAttributes?: { key: string; value: string }[] | null;
  metafields?: MetafieldInput[] | null;
  localizedFields?: unknown;
}

/** orderUpdate: email, note, tags (replaced), PO number, shipping address, custom attributes, metafields. */
export function updateOrder(store: OrderStore, deps: OrderWriteDeps, input: OrderUpdateInput): { record?: OrderRecord; errors: UserError[] } {
  const id = numericGid(input.id, "Order");
  const base = id === undefined ? undefined : store.get(id);
  if (!base) return { errors: [{ field: ["id"], message: "Order does not exist" }] };
  if (input.email && !EMAIL.test(input.email)) return { errors: [{ field: ["email"], message: "Email is invalid" }] };
  const now = iso(store.core.now());
  let metafields = base.metafields;
  if (input.metafields?.length) {
    const applied = applyMetafieldInputs(base.metafields, input.metafields, ["metafields"], () => store.allocate("OrderMetafield", ORDER_METAFIELD_ID_BASE, 4), now);
    if (applied.errors.length) return { errors: applied.errors };
    metafields = applied.records;
  }
  const record: OrderRecord = {
    ...base,
    email: input.email !== undefined ? input.email || null : base.email,
    note: input.note !== undefined ? input.note || null : base.note,
    tags: input.tags != null ? [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))] : base.tags,
    poNumber: input.poNumber !== undefined ? input.poNumber || null : base.poNumber,
    customAttributes: input.customAttributes ?? base.customAttributes,
    shippingAddress: input.shippingAddress
      ? addressFromInput(base.shippingAddress?.id ?? store.allocate("OrderAddress", ORDER_ADDRESS_ID_BASE, 2), input.shippingAddress)
      : base.shippingAddress,
    metafields,
    updatedAt: now,
  };
  store.put(record);
  deps.emitOrder("orders/updated", record);
  return { record, errors: [] };
}

/** orderDelete. */
export function deleteOrder(store: OrderStore, orderId: string): { deletedId?: string; errors: UserError[] } {
  const id = numericGid(orderId, "Order");
  if (id === undefined || !store.get(id)) {
    return { errors: [{ field: ["orderId"], message: "Order does not exist", code: "NOT_FOUND" }] };
  }
  store.remove(id);
  // Shopify's orders/delete payload carries only the id.
  store.core.emit("orders/delete", { id });
  return { deletedId: gid("Order", id), errors: [] };
}
