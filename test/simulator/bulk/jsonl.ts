/**
 * Turns one page of bulk-query data into JSONL lines the way Shopify does
 * (shopify.dev bulk operations, "Download result data"): every node of every
 * connection is its own line; nodes of a nested connection carry
 * `__parentId` (the id of the nearest enclosing connection node); nested
 * non-connection objects stay inline; `edges`/`cursor`/`pageInfo` wrappers
 * disappear.
 */
import type { PlanField } from "./plan";

export interface PageLine {
  text: string;
  /** True for nodes of a top-level connection (counted by rootObjectCount). */
  root: boolean;
}

interface Line {
  depth: number;
  text: string;
}

/**
 * Lines for one page. `groupObjects` true puts each node's children right
 * after it; false (the 2026-01+ default) emits the page's roots first and
 * their descendants after, so readers must join by __parentId.
 */
export function flattenPage(
  root: Map<string, PlanField>,
  data: Record<string, unknown>,
  groupObjects: boolean,
  options: { roots: boolean } = { roots: true },
): PageLine[] {
  const out: Line[] = [];
  walkObject(root, data, undefined, 0, out);
  if (!options.roots) {
    // A repeated pass of the page (nested-windows.ts): its roots were written by the first.
    return out.filter((line) => line.depth > 1).map((line) => ({ text: line.text, root: false }));
  }
  const lines = groupObjects ? out : stableSortByDepth(out);
  return lines.map((line) => ({ text: line.text, root: line.depth === 1 }));
}

/** Copy of `value` without its connections; connection nodes are appended to `out`. */
function walkObject(
  fields: Map<string, PlanField>,
  value: Record<string, unknown>,
  parentId: string | undefined,
  depth: number,
  out: Line[],
): Record<string, unknown> {
  const inline: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = fields.get(key);
    if (!field || item === null || typeof item !== "object") {
      inline[key] = item;
      continue;
    }
    if (field.connection) {
      for (const node of connectionNodes(field, item as Record<string, unknown>)) {
        emitNode(field, node, parentId, depth + 1, out);
      }
      continue;
    }
    inline[key] = Array.isArray(item)
      ? item.map((entry) =>
          entry && typeof entry === "object"
            ? walkObject(field.children, entry as Record<string, unknown>, parentId, depth, out)
            : entry,
        )
      : walkObject(field.children, item as Record<string, unknown>, parentId, depth, out);
  }
  return inline;
}

function emitNode(
  field: PlanField,
  node: Record<string, unknown>,
  parentId: string | undefined,
  depth: number,
  out: Line[],
): void {
  const children: Line[] = [];
  const ownId = typeof node.id === "string" ? node.id : parentId;
  const inline = walkObject(field.children, node, ownId, depth, children);
  if (parentId !== undefined && depth > 1) inline.__parentId = parentId;
  out.push({ depth, text: JSON.stringify(inline) });
  // A loop, not push(...children): a location's inventory levels on the `large` store overflow the argument stack.
  for (const child of children) out.push(child);
}

function connectionNodes(field: PlanField, connection: Record<string, unknown>): Record<string, unknown>[] {
  if (field.nodesKey && Array.isArray(connection[field.nodesKey])) {
    return (connection[field.nodesKey] as (Record<string, unknown> | null)[]).filter(isObject);
  }
  if (field.edgesKey && field.nodeKey && Array.isArray(connection[field.edgesKey])) {
    return (connection[field.edgesKey] as (Record<string, unknown> | null)[])
      .map((edge) => edge?.[field.nodeKey!] as Record<string, unknown> | null)
      .filter(isObject);
  }
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object";
}

function stableSortByDepth(lines: Line[]): Line[] {
  return lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => a.line.depth - b.line.depth || a.index - b.index)
    .map((entry) => entry.line);
}
