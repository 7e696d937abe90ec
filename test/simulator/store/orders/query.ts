/**
 * The `orders(query:, sortKey:)` subset. Supported search fields: `id`,
 * `name` (#1001 or 1001), `email`, `created_at`, `updated_at`,
 * `processed_at`, `status` (open | closed | cancelled | any),
 * `financial_status`, `fulfillment_status`, `tag`, `customer_id`.
 * Time and id filters on untouched seeded orders are answered without
 * generating the order, so `updated_at:>…` over 500k orders stays cheap;
 * other fields generate each candidate (fine for tiny/small, slow on large).
 * Sort keys: ID, ORDER_NUMBER, CREATED_AT, PROCESSED_AT, UPDATED_AT, RELEVANCE (= ID).
 */
import { SimUserError } from "../core";
import {
  assertSupportedFields,
  matchesCommonTerm,
  compareTime,
  parseSearchQuery,
  parseSearchTime,
  type SearchTerm,
} from "../customers/search-query";
import { SelectionMemo } from "../customers/lazy-connection";
import { FIRST_ORDER_NUMBER, ORDER_ID_BASE, SEEDED_TOUCH_MS, seededOrderTimes, type OrderRecord } from "./data";
import type { OrderStore } from "./store";

const FIELDS = [
  "id", "name", "email", "created_at", "updated_at", "processed_at", "status",
  "financial_status", "fulfillment_status", "tag", "customer_id",
];

const memos = new WeakMap<OrderStore, SelectionMemo<{ ids: number[]; idOrder: boolean }>>();

/** Visible order ids matching `query`, in ascending `sortKey` order, and whether that is id order; memoised until the next write. */
export function selectOrderIds(
  store: OrderStore,
  query: string | null | undefined,
  sortKey: string | null | undefined,
): { ids: number[]; idOrder: boolean } {
  let memo = memos.get(store);
  if (!memo) memos.set(store, (memo = new SelectionMemo()));
  return memo.get(`${sortKey ?? "ID"}\u0000${query ?? ""}`, store.version, () => computeOrderIds(store, query, sortKey));
}

function computeOrderIds(
  store: OrderStore,
  query: string | null | undefined,
  sortKey: string | null | undefined,
): { ids: number[]; idOrder: boolean } {
  const terms = parseSearchQuery(query);
  assertSupportedFields(terms, FIELDS, "orders");
  let ids: number[];
  const nameTerm = terms.find((t) => t.field === "name" && t.comparator === "=");
  if (nameTerm) {
    // An order name names one order: avoid scanning 500k.
    const number = Number(nameTerm.value.replace(/^#/, ""));
    const seeded = number - FIRST_ORDER_NUMBER;
    ids = store.visibleIds().filter((id) => id >= ORDER_ID_BASE + store.seededCount || id === ORDER_ID_BASE + seeded);
  } else {
    ids = store.visibleIds();
  }
  ids = skipOldSeeded(store, ids, terms);
  if (terms.length) ids = ids.filter((id) => matches(store, id, terms));
  switch (sortKey ?? "ID") {
    case "ID":
    case "RELEVANCE":
    case "ORDER_NUMBER":
      return { ids, idOrder: true };
    case "CREATED_AT":
    case "PROCESSED_AT":
      return byPlacement(store, ids, sortKey === "CREATED_AT" ? "CREATED_AT" : "PROCESSED_AT");
    case "UPDATED_AT": {
      const keyed = ids.map((id) => {
        const times = store.times(id);
        return { id, at: times.updatedMs };
      });
      keyed.sort((a, b) => a.at - b.at || a.id - b.id);
      const sorted = keyed.map((k) => k.id);
      return { ids: sorted, idOrder: false };
    }
    default:
      throw new SimUserError(`The simulator does not support orders sortKey ${sortKey}`, "sortKey");
  }
}

/**
 * `updated_at:>T` cannot match an untouched seeded order placed more than
 * SEEDED_TOUCH_MS before T (see seededOrderTimes), and seeded orders are
 * placed in id order, so those are dropped without computing their times.
 */
function skipOldSeeded(store: OrderStore, ids: number[], terms: readonly SearchTerm[]): number[] {
  let floorMs = -Infinity;
  for (const term of terms) {
    if (term.field === "updated_at" && (term.comparator === ">" || term.comparator === ">=")) {
      floorMs = Math.max(floorMs, parseSearchTime(term) - SEEDED_TOUCH_MS);
    }
    if (term.field === "created_at" && (term.comparator === ">" || term.comparator === ">=")) {
      floorMs = Math.max(floorMs, parseSearchTime(term) - 1000);
    }
  }
  if (floorMs === -Infinity) return ids;
  let lo = 0;
  let hi = store.seededCount;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seededOrderTimes(store.core, mid).createdMs < floorMs) lo = mid + 1;
    else hi = mid;
  }
  const firstKept = ORDER_ID_BASE + lo;
  return ids.filter((id) => id >= firstKept || !store.isUntouchedSeeded(id));
}

/**
 * CREATED_AT / PROCESSED_AT order. Untouched seeded orders are already in
 * that order (placed in id order); only created or edited ones are sorted
 * and slotted in by binary search, so 500k seeded orders cost nothing.
 */
function byPlacement(store: OrderStore, ids: number[], sortKey: string): { ids: number[]; idOrder: boolean } {
  const seeded: number[] = [];
  const special: { id: number; at: number }[] = [];
  for (const id of ids) {
    if (store.isUntouchedSeeded(id)) seeded.push(id);
    else {
      const record = store.get(id);
      const at = sortKey === "PROCESSED_AT" && record ? Date.parse(record.processedAt) : store.times(id).createdMs;
      special.push({ id, at });
    }
  }
  if (special.length === 0) return { ids: seeded, idOrder: true };
  special.sort((a, b) => a.at - b.at || a.id - b.id);
  const out: number[] = [];
  let from = 0;
  for (const item of special) {
    let lo = from;
    let hi = seeded.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = store.times(seeded[mid]).createdMs;
      if (t < item.at || (t === item.at && seeded[mid] < item.id)) lo = mid + 1;
      else hi = mid;
    }
    for (let k = from; k < lo; k++) out.push(seeded[k]);
    out.push(item.id);
    from = lo;
  }
  for (let k = from; k < seeded.length; k++) out.push(seeded[k]);
  return { ids: out, idOrder: false };
}

function matches(store: OrderStore, id: number, terms: readonly SearchTerm[]): boolean {
  let record: OrderRecord | undefined;
  for (const term of terms) {
    const common = matchesCommonTerm(id, () => store.times(id), term);
    if (common !== undefined) {
      if (!common) return false;
      continue;
    }
    const value = term.value.toLowerCase();
    switch (term.field) {
      case "processed_at":
        if (!compareTime(Date.parse((record ??= store.get(id)!).processedAt), term)) return false;
        break;
      case "name":
        if ((record ??= store.get(id)!).name.replace(/^#/, "") !== term.value.replace(/^#/, "")) return false;
        break;
      case "email":
        if (((record ??= store.get(id)!).email ?? "").toLowerCase() !== value) return false;
        break;
      case "status": {
        const r = (record ??= store.get(id)!);
        const status = r.cancelledAt ? "cancelled" : r.closedAt ? "closed" : "open";
        if (value !== "any" && value !== status) return false;
        break;
      }
      case "financial_status":
        if ((record ??= store.get(id)!).financialStatus.toLowerCase() !== value) return false;
        break;
      case "fulfillment_status": {
        const f = (record ??= store.get(id)!).fulfillmentStatus;
        const rest = f === "FULFILLED" ? "shipped" : f === "PARTIALLY_FULFILLED" ? "partial" : "unshipped";
        if (value !== rest && value !== f.toLowerCase()) return false;
        break;
      }
      case "tag":
        if (!(record ??= store.get(id)!).tags.some((t) => t.toLowerCase() === value)) return false;
        break;
      case "customer_id":
        if (String((record ??= store.get(id)!).customerId) !== term.value) return false;
        break;
      default:
        if (!`${(record ??= store.get(id)!).name} ${(record ??= store.get(id)!).email ?? ""}`.toLowerCase().includes(value)) return false;
    }
  }
  return true;
}
