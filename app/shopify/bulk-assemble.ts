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
  /** Set when a root's children were split over several records (`splitRootsOver`): 0, 1, …; each part repeats the root's own fields. */
  part?: number;
}

/** Root key of a parsed line: its parent's id for children, else its own id. */
export function rootKeyOf(line: JsonObject, seq: number): string {
  if (typeof line.__parentId === "string") return line.__parentId;
  // Roots without an id cannot have children (Shopify requires the parent's id): keep them apart.
  return typeof line.id === "string" ? line.id : `~anonymous-${seq}`;
}

const PARENT_KEY = ',"__parentId":"';
const ROOT_ID = /^\{"id":"([^"\\]*)"[,}]/;

/**
 * Root key of a JSONL line without parsing it: Shopify writes `__parentId`
 * as the last key of a child line and `id` first on the others. Parsing every
 * line only for its key doubled the JSON work of a download; lines of any
 * other shape are parsed. RecordAssembler checks the key again when it parses.
 */
export function rootKeyOfLine(text: string, seq: number): string {
  if (text.endsWith('"}')) {
    const at = text.lastIndexOf(PARENT_KEY);
    if (at > 0) {
      const id = text.slice(at + PARENT_KEY.length, -2);
      // No quote or backslash inside: the suffix is the object's last key/value, not text inside a string.
      if (!/["\\]/.test(id)) return id;
    }
  }
  if (!text.includes('"__parentId"')) {
    const match = ROOT_ID.exec(text);
    if (match) return match[1];
  }
  return rootKeyOf(JSON.parse(text) as JsonObject, seq);
}

export type AssembleResult = { kind: "record"; value: AssembledRecord; rootLine: string } | { kind: "orphans"; parentId: string; count: number };

/** Builds the record of one group of lines (from RootGrouper). */
export class RecordAssembler {
  private readonly resolver: ConnectionResolver;

  constructor(plan: BulkDocumentPlan) {
    this.resolver = new ConnectionResolver(plan);
  }

  assemble(key: string, lines: string[]): AssembleResult {
    let root: JsonObject | undefined;
    let rootLine = "";
    const children: JsonObject[] = [];
    for (const text of lines) {
      const line = JSON.parse(text) as JsonObject;
      checkKey(line, key);
      if (typeof line.__parentId === "string") children.push(line);
      else if (root) throw new IntegrityError("Bulk result holds the same root object twice", { id: key });
      else {
        root = line;
        rootLine = text;
      }
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
    return { kind: "record", rootLine, value: { gid: typeof root.id === "string" ? root.id : key, typename, connection: connection.key, record: root } };
  }
}

/** A line grouped under the wrong root (its key was read without parsing) must never be joined silently. */
function checkKey(line: JsonObject, key: string): void {
  const own = typeof line.__parentId === "string" ? line.__parentId : typeof line.id === "string" ? line.id : undefined;
  if (own === undefined ? key.startsWith("~anonymous-") : own === key) return;
  throw new IntegrityError("Bulk result line was grouped under another root", { key, id: own ?? null });
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
