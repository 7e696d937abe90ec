/**
 * A small, honest subset of Shopify's search syntax
 * (shopify.dev "Shopify API search syntax"): space-separated terms are ANDed,
 * `field:value`, range comparators `field:>value` / `:>=` / `:<` / `:<=`,
 * quoted values, a trailing `*` for prefix match, `-field:value` / `NOT` to
 * negate, and bare words matched against the record's default text. `OR` and
 * parentheses are not supported: a query using them is rejected rather than
 * answered wrongly.
 */
import { SimUserError } from "../core";

export interface SearchTerm {
  field: string | null;
  op: "=" | ">" | ">=" | "<" | "<=";
  value: string;
  negated: boolean;
}

export type SearchValue = string | number | boolean | null | undefined | readonly string[];

const TOKEN = /(-)?(?:([A-Za-z_.]+):)?(>=|<=|>|<)?(?:"([^"]*)"|'([^']*)'|(\S+))/g;

/** Parses a search query into ANDed terms. */
export function parseSearch(query: unknown): SearchTerm[] {
  if (typeof query !== "string" || query.trim() === "") return [];
  if (/\bOR\b|[()]/.test(query)) throw new SimUserError("The simulator does not support OR or grouping in search queries", "query");
  const terms: SearchTerm[] = [];
  let negateNext = false;
  for (const match of query.matchAll(TOKEN)) {
    const [, minus, field, op, dq, sq, bare] = match;
    const value = dq ?? sq ?? bare ?? "";
    if (!field && !op && (value === "AND" || value === "")) continue;
    if (!field && !op && value === "NOT") {
      negateNext = true;
      continue;
    }
    terms.push({
      field: field ?? null,
      op: (op as SearchTerm["op"] | undefined) ?? "=",
      value,
      negated: Boolean(minus) || negateNext,
    });
    negateNext = false;
  }
  return terms;
}

/**
 * True when `fields` (field name → value of this record) satisfies every
 * term. Unknown fields match nothing, like Shopify's ignored filters would
 * not: a typo then shows up as an empty result rather than everything.
 */
export function matchesSearch(
  terms: readonly SearchTerm[],
  fields: Record<string, SearchValue>,
  defaultText: string,
): boolean {
  return terms.every((term) => {
    const hit =
      term.field === null
        ? defaultText.toLowerCase().includes(term.value.toLowerCase())
        : term.field in fields && compare(fields[term.field], term);
    return term.negated ? !hit : hit;
  });
}

function compare(actual: SearchValue, term: SearchTerm): boolean {
  if (actual === null || actual === undefined) return false;
  if (typeof actual === "object") return actual.some((item) => compare(item, term));
  const wanted = term.value;
  if (term.op === "=") {
    const text = String(actual).toLowerCase();
    const needle = wanted.toLowerCase();
    return needle.endsWith("*") ? text.startsWith(needle.slice(0, -1)) : text === needle;
  }
  const left = toComparable(actual);
  const right = toComparable(wanted);
  if (left === undefined || right === undefined) return false;
  switch (term.op) {
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    case "<":
      return left < right;
    default:
      return left <= right;
  }
}

function toComparable(value: string | number | boolean): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
