/**
 * Test helpers for the bulk runner: the same selection as a bulk document,
 * fetched through regular cursor-paginated queries (the independent truth
 * the assembled records are compared with), and download shufflers.
 */
import { Kind, parse, print, type ArgumentNode, type FieldNode, type SelectionNode, type SelectionSetNode } from "graphql";
import type { AdminClient } from "./admin-client";

type Json = Record<string, unknown>;

const intArg = (name: string, value: number): ArgumentNode => ({
  kind: Kind.ARGUMENT,
  name: { kind: Kind.NAME, value: name },
  value: { kind: Kind.INT, value: String(value) },
});

const field = (name: string, selections?: SelectionNode[]): FieldNode => ({
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: name },
  ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
});

function isConnection(node: FieldNode): boolean {
  return !!node.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === "edges" || s.name.value === "nodes"));
}

function rewrite(set: SelectionSetNode, rootLevel: boolean, rootPage: number, nestedPage: number): SelectionSetNode {
  const selections = set.selections.map((selection): SelectionNode => {
    if (selection.kind === Kind.INLINE_FRAGMENT) return { ...selection, selectionSet: rewrite(selection.selectionSet, rootLevel, rootPage, nestedPage) };
    if (selection.kind !== Kind.FIELD || !selection.selectionSet) return selection;
    if (!isConnection(selection)) return { ...selection, selectionSet: rewrite(selection.selectionSet, rootLevel, rootPage, nestedPage) };
    const args: ArgumentNode[] = [...(selection.arguments ?? []), intArg("first", rootLevel ? rootPage : nestedPage)];
    if (rootLevel) {
      args.push({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "after" }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: "after" } } });
    }
    const inner = rewrite(selection.selectionSet, false, rootPage, nestedPage);
    return {
      ...selection,
      arguments: args,
      selectionSet: { ...inner, selections: [...inner.selections, field("pageInfo", [field("hasNextPage"), field("endCursor")])] },
    };
  });
  return { ...set, selections };
}

/** The bulk document as a paginated query (`$after` on the root connection). */
export function paginatedVersion(bulkDocument: string, rootPage: number, nestedPage: number): string {
  const document = parse(bulkDocument);
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION) return definition;
    return {
      ...definition,
      variableDefinitions: [
        {
          kind: Kind.VARIABLE_DEFINITION,
          variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: "after" } },
          type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "String" } },
        },
      ],
      selectionSet: rewrite(definition.selectionSet, true, rootPage, nestedPage),
    };
  });
  return print({ ...document, definitions } as typeof document);
}

/** Connections → arrays of nodes; throws if a nested page was incomplete. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value as Json)) {
    if (item && typeof item === "object" && !Array.isArray(item) && ("edges" in item || "nodes" in item)) {
      const connection = item as { edges?: { node: unknown }[]; nodes?: unknown[]; pageInfo?: { hasNextPage: boolean } };
      if (connection.pageInfo?.hasNextPage) throw new Error(`nested connection ${key} has more pages than the test fetched`);
      out[key] = (connection.nodes ?? connection.edges!.map((e) => e.node)).map(normalize);
    } else {
      out[key] = normalize(item);
    }
  }
  return out;
}

interface RootPage {
  edges: { node: Json }[];
  pageInfo: { hasNextPage: boolean; endCursor: string };
}

/** Every root object of the bulk document, fetched page by page; keyed by GID. */
export async function fetchPaginated(client: AdminClient, bulkDocument: string, rootKey: string, rootPage = 10, nestedPage = 20): Promise<Map<string, Json>> {
  const query = paginatedVersion(bulkDocument, rootPage, nestedPage);
  const out = new Map<string, Json>();
  let after: string | null = null;
  for (;;) {
    const response: { data: Record<string, RootPage> } = await client.request<Record<string, RootPage>>(query, { after });
    const page: RootPage = response.data[rootKey];
    for (const edge of page.edges) out.set(edge.node.id as string, normalize(edge.node) as Json);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

/**
 * Reorders JSONL so children land both before and after their parent and
 * roots interleave: each root's lines form a queue (the root at a random
 * place among its children, siblings in their original order), and the
 * queues are merged at random.
 */
export function shuffleJsonl(text: string, random: () => number): string {
  const queues = new Map<string, string[]>();
  const roots = new Map<string, string>();
  for (const line of text.split("\n").filter(Boolean)) {
    const parsed = JSON.parse(line) as Json;
    const key = (parsed.__parentId ?? parsed.id) as string;
    if (parsed.__parentId === undefined) roots.set(key, line);
    else queues.set(key, [...(queues.get(key) ?? []), line]);
  }
  const lists: string[][] = [];
  for (const [key, root] of roots) {
    const children = queues.get(key) ?? [];
    const at = Math.floor(random() * (children.length + 1));
    lists.push([...children.slice(0, at), root, ...children.slice(at)]);
  }
  const out: string[] = [];
  while (lists.length > 0) {
    const index = Math.floor(random() * lists.length);
    out.push(lists[index].shift()!);
    if (lists[index].length === 0) lists.splice(index, 1);
  }
  return out.join("\n") + "\n";
}

/** Deterministic random numbers (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
