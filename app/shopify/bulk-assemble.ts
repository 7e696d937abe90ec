/**
 * Turns one root's JSONL lines back into one nested record: children go
 * into arrays under their connection's response key, `__parentId` goes.
 */
import { IntegrityError } from "~/errors";
import { ConnectionResolver, lineType, type BulkDocumentPlan, type ConnectionSpec } from "./bulk-plan";
import { gidType } from "./node-types";

export type JsonObject = Record<string, unknown>;

/** One root object of a bulk query with its nested connection nodes attached. */
export interface AssembledRecord {
  gid: string;
  typename: string;
  /** Response key of the root connection (e.g. "products"). */
  connection: string;
  record: JsonObject;
}

/** Root key of a parsed line: its parent's id for children, else its own id. */
export function rootKeyOf(line: JsonObject, seq: number): string {
  if (typeof line.__parentId === "string") return line.__parentId;
  // Roots without an id cannot have children (Shopify requires the parent's id): keep them apart.
  return typeof line.id === "string" ? line.id : `~anonymous-${seq}`;
}

export type AssembleResult = { kind: "record"; value: AssembledRecord } | { kind: "orphans"; parentId: string; count: number };

/** Builds the record of one group of lines (from RootGrouper). */
export class RecordAssembler {
  private readonly resolver: ConnectionResolver;

  constructor(plan: BulkDocumentPlan) {
    this.resolver = new ConnectionResolver(plan);
  }

  assemble(key: string, lines: string[]): AssembleResult {
    let root: JsonObject | undefined;
    const children: JsonObject[] = [];
    for (const text of lines) {
      const line = JSON.parse(text) as JsonObject;
      if (typeof line.__parentId === "string") children.push(line);
      else if (root) throw new IntegrityError("Bulk result holds the same root object twice", { id: key });
      else root = line;
    }
    if (!root) return { kind: "orphans", parentId: key, count: children.length };
    const typename = lineType(root) ?? "";
    const connection = this.resolver.root(typename);
    if (!connection) throw new IntegrityError("Bulk result line matches no connection of the query", { id: key, typename });
    for (const nested of connection.children) ensureArray(root, nested);
    for (const child of children) {
      const parentId = child.__parentId as string;
      const nested = this.resolver.child(gidType(parentId) ?? typename, lineType(child));
      if (!nested) {
        throw new IntegrityError("Bulk result child matches no nested connection of the query", { parentId, child: child.id });
      }
      delete child.__parentId;
      ensureArray(root, nested, true)?.push(child);
    }
    return { kind: "record", value: { gid: typeof root.id === "string" ? root.id : key, typename, connection: connection.key, record: root } };
  }
}

/** The array at the connection's path (created if the path's objects exist, or `force`d). */
function ensureArray(record: JsonObject, connection: ConnectionSpec, force = false): unknown[] | undefined {
  let at: JsonObject = record;
  for (const step of connection.path.slice(0, -1)) {
    const next = at[step];
    if (next === null || typeof next !== "object" || Array.isArray(next)) {
      if (!force) return undefined;
      at[step] = {};
    }
    at = at[step] as JsonObject;
  }
  const key = connection.path[connection.path.length - 1];
  if (!Array.isArray(at[key])) at[key] = [];
  return at[key] as unknown[];
}
