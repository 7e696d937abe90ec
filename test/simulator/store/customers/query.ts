/**
 * The `customers(query:, sortKey:)` subset. Supported search fields:
 * `id`, `email`, `phone`, `created_at`, `updated_at`, `tag`, `state`,
 * `first_name`, `last_name` and free-text words (matched against name and
 * email). Time and id filters on untouched seeded customers are evaluated
 * without building the record, so `updated_at:>…` over 200k customers is
 * cheap. Sort keys: ID, CREATED_AT, UPDATED_AT, NAME, RELEVANCE (= ID).
 */
import { SimUserError } from "../core";
import type { CustomerRecord } from "./data";
import { SelectionMemo } from "./lazy-connection";
import { normalizePhone } from "./mutations";
import { assertSupportedFields, matchesCommonTerm, parseSearchQuery, type SearchTerm } from "./search-query";
import type { CustomerStore } from "./store";

const FIELDS = ["id", "email", "phone", "created_at", "updated_at", "tag", "state", "first_name", "last_name"];

const memos = new WeakMap<CustomerStore, SelectionMemo<number[]>>();

/** Live customer ids matching `query`, in `sortKey` order (ascending); memoised until the next write. */
export function selectCustomerIds(store: CustomerStore, query: string | null | undefined, sortKey: string | null | undefined): number[] {
  let memo = memos.get(store);
  if (!memo) memos.set(store, (memo = new SelectionMemo()));
  return memo.get(`${sortKey ?? "ID"}\u0000${query ?? ""}`, store.version, () => computeCustomerIds(store, query, sortKey));
}

function computeCustomerIds(store: CustomerStore, query: string | null | undefined, sortKey: string | null | undefined): number[] {
  const terms = parseSearchQuery(query);
  assertSupportedFields(terms, FIELDS, "customers");
  // An exact email/phone term names at most one customer: skip the full scan.
  const emailTerm = terms.find((t) => t.field === "email" && t.comparator === "=");
  const phoneTerm = terms.find((t) => t.field === "phone" && t.comparator === "=");
  let ids: number[];
  if (emailTerm || phoneTerm) {
    const owner = emailTerm
      ? store.findByEmail(emailTerm.value)
      : store.findByPhone(normalizePhone(phoneTerm!.value) ?? phoneTerm!.value);
    ids = owner === undefined ? [] : [owner];
  } else {
    ids = store.liveIds();
  }
  if (terms.length) ids = ids.filter((id) => matches(store, id, terms));
  switch (sortKey ?? "ID") {
    case "ID":
    case "RELEVANCE":
    case "CREATED_AT":
      // Seeded customers are created in id order and created ones after them.
      return ids;
    case "UPDATED_AT": {
      const keyed = ids.map((id) => ({ id, at: store.times(id).updatedMs }));
      keyed.sort((a, b) => a.at - b.at || a.id - b.id);
      return keyed.map((k) => k.id);
    }
    case "NAME": {
      const keyed = ids.map((id) => {
        const r = store.get(id);
        return { id, name: `${r?.firstName ?? ""} ${r?.lastName ?? ""}`.trim().toLowerCase() };
      });
      keyed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
      return keyed.map((k) => k.id);
    }
    default:
      throw new SimUserError(`The simulator does not support customers sortKey ${sortKey}`, "sortKey");
  }
}

function matches(store: CustomerStore, id: number, terms: readonly SearchTerm[]): boolean {
  let record: CustomerRecord | undefined;
  for (const term of terms) {
    const common = matchesCommonTerm(id, () => store.times(id), term);
    if (common !== undefined) {
      if (!common) return false;
      continue;
    }
    switch (term.field) {
      case "email":
        if (((record ??= store.get(id)!).email ?? "").toLowerCase() !== term.value.toLowerCase()) return false;
        break;
      case "phone":
        if ((record ??= store.get(id)!).phone !== (normalizePhone(term.value) ?? term.value)) return false;
        break;
      case "tag":
        if (!(record ??= store.get(id)!).tags.some((t) => t.toLowerCase() === term.value.toLowerCase())) return false;
        break;
      case "state":
        if ((record ??= store.get(id)!).state !== term.value.toUpperCase()) return false;
        break;
      case "first_name":
        if (((record ??= store.get(id)!).firstName ?? "").toLowerCase() !== term.value.toLowerCase()) return false;
        break;
      case "last_name":
        if (((record ??= store.get(id)!).lastName ?? "").toLowerCase() !== term.value.toLowerCase()) return false;
        break;
      default: {
        const r = (record ??= store.get(id)!);
        const haystack = `${r.firstName ?? ""} ${r.lastName ?? ""} ${r.email ?? ""}`.toLowerCase();
        if (!haystack.includes(term.value)) return false;
      }
    }
  }
  return true;
}
