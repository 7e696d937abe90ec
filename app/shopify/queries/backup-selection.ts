/**
 * One field selection per record type, rendered three ways: as a bulk query
 * (no pagination arguments, Shopify flattens nested connections to JSONL),
 * as a paged query (`first`/`after`, what regular GraphQL paging and the
 * by-GID re-fetch use) and as `nodes(ids:)`. Building all three from the
 * same selection is what lets one normaliser make the paths agree.
 */

export type SelectionMode = "bulk" | "paged";

/** A selection rendered for a mode. */
export type Selection = (mode: SelectionMode) => string;

/** A nested connection: bulk form has no arguments; paged form asks for `first` and says if more exist. */
export function conn(mode: SelectionMode, field: string, first: number, body: string, args = ""): string {
  if (mode === "bulk") return `${field}${args ? `(${args})` : ""} { edges { node { ${body} } } }`;
  // endCursor lets the by-GID / paged readers fetch the rest of a long child list (childPagesDocument).
  return `${field}(first: ${first}${args ? `, ${args}` : ""}) { edges { node { ${body} } } pageInfo { hasNextPage endCursor } }`;
}

/**
 * The children of one parent after a cursor: `node(id: $id) { ... on Type {
 * field(first, after: $after) } }` with the same child body as the selection,
 * so the concatenated pages normalise exactly like one long list.
 */
export function childPagesDocument(name: string, typename: string, field: string, first: number, body: string, args = ""): string {
  return `query ${name}($id: ID!, $after: String) {
  node(id: $id) {
    ... on ${typename} {
      ${field}(first: ${first}, after: $after${args ? `, ${args}` : ""}) { edges { node { ${body} } } pageInfo { hasNextPage endCursor } }
    }
  }
}`;
}

/** `query { root(rootArgs) { edges { node { … } } } }` for bulkOperationRunQuery. */
export function bulkDocument(name: string, root: string, selection: Selection, rootArgs = ""): string {
  return `query ${name} {
  ${root}${rootArgs ? `(${rootArgs})` : ""} {
    edges { node { ${selection("bulk")} } }
  }
}`;
}

/** Regular cursor paging over a root connection: variables $first and $after. */
export function pagedDocument(name: string, root: string, selection: Selection, rootArgs = "", extraVariables = ""): string {
  return `query ${name}($first: Int!, $after: String${extraVariables ? `, ${extraVariables}` : ""}) {
  ${root}(first: $first, after: $after${rootArgs ? `, ${rootArgs}` : ""}) {
    edges { node { ${selection("paged")} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
}

/** Re-fetch by GID with the paged form of the selection: variable $ids. */
export function byIdDocument(name: string, typename: string, selection: Selection): string {
  return `query ${name}($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on ${typename} { ${selection("paged")} }
  }
}`;
}

/** Fields of one metafield, same everywhere. */
export const METAFIELD_FIELDS = "id namespace key type value";

/** Metafields of an owner, same fields everywhere. */
export const metafields = (mode: SelectionMode): string => conn(mode, "metafields", 25, METAFIELD_FIELDS);

/** More metafields of any owner (every backed-up owner type implements HasMetafields). */
export const BACKUP_MORE_METAFIELDS = childPagesDocument("SnapshelfBackupMoreMetafields", "HasMetafields", "metafields", 100, METAFIELD_FIELDS);

/** Money in shop and presentment currency. */
export const MONEY_BAG = "shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }";

/** Postal address fields (personal data wherever it appears). */
export const ADDRESS_FIELDS = "firstName lastName company address1 address2 city province provinceCode country countryCodeV2 zip phone";
