/**
 * A small, honest subset of Shopify's search syntax
 * (shopify.dev "Shopify API search syntax"): space- or AND-separated terms
 * `field:value`, `field:>value`, `field:>=value`, `field:<value`,
 * `field:<=value`, values optionally in single or double quotes, and bare
 * words (free text). OR, NOT, `-field:` and parentheses are rejected with a
 * top-level error rather than silently ignored, so a test relying on them
 * fails loudly instead of passing on the wrong records.
 */
import { SimUserError } from "../core";

export type Comparator = "=" | ">" | ">=" | "<" | "<=";

export interface SearchTerm {
  /** Lower-cased field name, or "" for a free-text word. */
  field: string;
  comparator: Comparator;
  value: string;
  /** For date fields (`*_at`): the parsed bound in ms, computed once per query. */
  timeMs?: number;
}

/** Splits a query string into terms; throws SimUserError on unsupported syntax. */
export function parseSearchQuery(query: string | null | undefined): SearchTerm[] {
  if (!query || !query.trim()) return [];
  const tokens: string[] = [];
  const pattern = /\S*?(?:'[^']*'|"[^"]*")\S*|\S+/g;
  for (const match of query.matchAll(pattern)) tokens.push(match[0]);
  const terms: SearchTerm[] = [];
  for (const token of tokens) {
    if (token === "AND") continue;
    if (token === "OR" || token === "NOT" || token.startsWith("-") || token.includes("(") || token.includes(")")) {
      throw new SimUserError(`The simulator does not support "${token}" in search queries`, "query");
    }
    const colon = token.indexOf(":");
    if (colon < 0) {
      terms.push({ field: "", comparator: "=", value: unquote(token).toLowerCase() });
      continue;
    }
    const field = token.slice(0, colon).toLowerCase();
    let rest = token.slice(colon + 1);
    let comparator: Comparator = "=";
    for (const candidate of [">=", "<=", ">", "<"] as const) {
      if (rest.startsWith(candidate)) {
        comparator = candidate;
        rest = rest.slice(candidate.length);
        break;
      }
    }
    const term: SearchTerm = { field, comparator, value: unquote(rest) };
    if (field.endsWith("_at")) term.timeMs = parseSearchTime(term);
    terms.push(term);
  }
  return terms;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}

/** Compares a number against a term (for `id:>N`). */
export function compareNumber(actual: number, term: SearchTerm): boolean {
  const expected = Number(term.value);
  if (!Number.isFinite(expected)) throw new SimUserError(`Invalid number in search term ${term.field}`, "query");
  return compare(actual - expected, term.comparator);
}

/** Parses a date/time search value; a bare date means midnight UTC, as Shopify treats it. */
export function parseSearchTime(term: SearchTerm): number {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(term.value) ? `${term.value}T00:00:00Z` : term.value;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new SimUserError(`Invalid date in search term ${term.field}:${term.value}`, "query");
  return time;
}

/** Compares a timestamp (ms) against a date term. */
export function compareTime(actual: number, term: SearchTerm): boolean {
  return compare(actual - (term.timeMs ?? parseSearchTime(term)), term.comparator);
}

/**
 * The terms every record search shares (`id`, `created_at`, `updated_at`):
 * true or false when `term` is one of them, undefined when the caller's own
 * fields decide.
 */
export function matchesCommonTerm(
  id: number,
  times: () => { createdMs: number; updatedMs: number },
  term: SearchTerm,
): boolean | undefined {
  switch (term.field) {
    case "id":
      return compareNumber(id, term);
    case "created_at":
      return compareTime(times().createdMs, term);
    case "updated_at":
      return compareTime(times().updatedMs, term);
    default:
      return undefined;
  }
}

function compare(difference: number, comparator: Comparator): boolean {
  switch (comparator) {
    case "=":
      return difference === 0;
    case ">":
      return difference > 0;
    case ">=":
      return difference >= 0;
    case "<":
      return difference < 0;
    case "<=":
      return difference <= 0;
  }
}

/** Rejects any term whose field is not in `supported`, naming what is supported. */
export function assertSupportedFields(terms: readonly SearchTerm[], supported: readonly string[], what: string): void {
  for (const term of terms) {
    if (term.field && !supported.includes(term.field)) {
      throw new SimUserError(
        `The simulator's ${what} search supports only ${supported.join(", ")} (got "${term.field}")`,
        "query",
      );
    }
  }
}
