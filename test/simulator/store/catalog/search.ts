/**
 * A small, honest subset of Shopify's search syntax
 * (shopify.dev "Shopify API search syntax"): whitespace-separated terms
 * joined by implicit AND (the word AND is accepted), `field:value`,
 * comparators `field:>v`, `:>=`, `:<`, `:<=`, quoted values, a leading `-`
 * or NOT to negate, a trailing `*` for prefix match, and bare words matched
 * against the title. OR and parentheses are rejected loudly rather than
 * answered wrongly.
 */
import { SimUserError } from "../core";

export type Comparator = ":" | ">" | ">=" | "<" | "<=";

export interface SearchTerm {
  field: string | null;
  comparator: Comparator;
  value: string;
  negate: boolean;
}

export type FieldValue = string | number | boolean | null | undefined | readonly string[];

/** Field accessors for one record type; "date" fields compare as instants. */
export type SearchFields<T> = Record<string, { kind: "text" | "number" | "date"; get: (record: T) => FieldValue }>;

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (const match of query.matchAll(pattern)) tokens.push(match[0]);
  return tokens;
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, "$2");
}

/** Parses a query string; throws SimUserError for syntax the simulator does not implement. */
export function parseSearch(query: string | null | undefined): SearchTerm[] {
  if (!query || !query.trim()) return [];
  const terms: SearchTerm[] = [];
  let negateNext = false;
  for (const token of tokenize(query)) {
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    if (token === "OR" || token.startsWith("(") || token.endsWith(")")) {
      throw new SimUserError(`Search syntax "${token}" is not supported by the simulator`, "query");
    }
    let text = token;
    let negate = negateNext;
    negateNext = false;
    if (text.startsWith("-")) {
      negate = !negate;
      text = text.slice(1);
    }
    const match = /^([a-z_.]+):(>=|<=|>|<)?(.*)$/i.exec(text);
    if (match) {
      terms.push({ field: match[1].toLowerCase(), comparator: (match[2] as Comparator) ?? ":", value: unquote(match[3]), negate });
    } else {
      terms.push({ field: null, comparator: ":", value: unquote(text), negate });
    }
  }
  return terms;
}

function compare(actual: number, comparator: Comparator, expected: number): boolean {
  switch (comparator) {
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    default:
      return actual === expected;
  }
}

function textMatches(actual: string, expected: string): boolean {
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  return e.endsWith("*") ? a.startsWith(e.slice(0, -1)) : a === e;
}

function termMatches<T>(term: SearchTerm, record: T, fields: SearchFields<T>, defaultField: string): boolean {
  if (term.field === null) {
    const value = fields[defaultField].get(record);
    return typeof value === "string" && value.toLowerCase().includes(term.value.replace(/\*$/, "").toLowerCase());
  }
  const spec = fields[term.field];
  if (!spec) throw new SimUserError(`Search field "${term.field}" is not supported by the simulator`, "query");
  const value = spec.get(record);
  if (value === null || value === undefined) return false;
  if (spec.kind === "number") {
    const expected = Number(/(\d+)$/.exec(term.value)?.[1] ?? NaN);
    return compare(Number(value), term.comparator, expected);
  }
  if (spec.kind === "date") {
    const expected = Date.parse(term.value);
    if (Number.isNaN(expected)) throw new SimUserError(`Invalid date "${term.value}" in search query`, "query");
    return compare(Date.parse(String(value)), term.comparator, expected);
  }
  if (Array.isArray(value)) return value.some((v) => term.value.split(",").some((e) => textMatches(v, e)));
  // Comma lists mean "any of" for enum-like fields, e.g. status:active,draft.
  return term.value.split(",").some((expected) => textMatches(String(value), expected));
}

/** Whether a record satisfies every term. */
export function matchesSearch<T>(record: T, terms: SearchTerm[], fields: SearchFields<T>, defaultField = "title"): boolean {
  return terms.every((term) => termMatches(term, record, fields, defaultField) !== term.negate);
}

/**
 * The earliest instant an `updated_at:>…` / `>=` term requires, if any:
 * lets callers skip seeded records that cannot match without generating them.
 */
export function updatedAfter(terms: SearchTerm[]): number | undefined {
  let bound: number | undefined;
  for (const term of terms) {
    if (term.field === "updated_at" && !term.negate && (term.comparator === ">" || term.comparator === ">=")) {
      const at = Date.parse(term.value);
      if (!Number.isNaN(at)) bound = bound === undefined ? at : Math.max(bound, at);
    }
  }
  return bound;
}
