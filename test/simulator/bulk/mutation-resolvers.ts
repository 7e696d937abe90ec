/**
 * GraphQL fields for bulk mutations, layered over a store that already
 * answers bulk queries (withBulkOperations): bulkOperationRunMutation,
 * BULK_MUTATION_VARIABLES staged uploads, and the shared readers
 * (bulkOperation(id:), node(s), currentBulkOperation(type: MUTATION),
 * bulkOperationCancel) for operation ids of this kind.
 */
import { parseGid, type ResolverMap, type SimContext } from "../store/core";
import type { SimStore } from "../store";
import type { BulkMutations } from "./mutation";

/**
 * Staged uploads of BULK_MUTATION_VARIABLES reuse the catalog's staged-upload
 * targets (the same PUT/POST seam image uploads use); the target's `key`
 * parameter is the `stagedUploadPath` bulkOperationRunMutation takes.
 */
const STAGED_KEY = /(?:^|\/)staged\/([^/?#]+)/;

export function withBulkMutations(store: SimStore, mutations: BulkMutations): SimStore {
  const rootQuery = Object.create(store.rootQuery) as ResolverMap;
  const rootMutation = Object.create(store.rootMutation) as ResolverMap;
  const variableFiles = new Set<string>();
  const ours = (id: string) => parseGid(id)?.type === "BulkOperation" && mutations.owns(id);
  const node = (id: string, context: SimContext): unknown => (ours(id) ? mutations.toGraphQL(mutations.get(id)!) : store.node(id, context));

  rootQuery.currentBulkOperation = (args, context, info) => {
    if (args.type !== "MUTATION") return store.rootQuery.currentBulkOperation(args, context, info);
    const operation = mutations.current();
    return operation ? mutations.toGraphQL(operation) : null;
  };
  rootQuery.bulkOperation = (args, context, info) => (ours(String(args.id)) ? node(String(args.id), context) : store.rootQuery.bulkOperation(args, context, info));
  rootQuery.node = (args, context) => node(String(args.id), context);
  rootQuery.nodes = (args, context) => (args.ids as string[]).map((id) => node(id, context));

  rootMutation.stagedUploadsCreate = async (args, context, info) => {
    const inputs = (args.input as Record<string, unknown>[]) ?? [];
    const bulk = inputs.map((input) => input.resource === "BULK_MUTATION_VARIABLES");
    if (!bulk.some(Boolean)) return store.rootMutation.stagedUploadsCreate(args, context, info);
    // The catalog stores any FILE upload's bytes; remember which targets hold mutation variables.
    const mapped = inputs.map((input, i) => (bulk[i] ? { ...input, resource: "FILE" } : input));
    const answer = (await store.rootMutation.stagedUploadsCreate({ ...args, input: mapped }, context, info)) as { stagedTargets: { url: string }[] | null };
    answer.stagedTargets?.forEach((target, i) => {
      const uuid = STAGED_KEY.exec(target.url)?.[1];
      if (bulk[i] && uuid) variableFiles.add(uuid);
    });
    return answer;
  };

  rootMutation.bulkOperationRunMutation = (args, context) => {
    const uuid = STAGED_KEY.exec(String(args.stagedUploadPath))?.[1];
    const stored = uuid && variableFiles.has(uuid) ? store.cdn(`catalog/staged/${uuid}`) : undefined;
    const file = stored && (multipartFile(stored.body, stored.contentType) ?? stored);
    const result = mutations.start(String(args.mutation), file, context);
    return { bulkOperation: result.operation ? mutations.toGraphQL(result.operation) : null, userErrors: result.userErrors };
  };

  rootMutation.bulkOperationCancel = (args, context, info) => {
    if (!ours(String(args.id))) return store.rootMutation.bulkOperationCancel(args, context, info);
    const result = mutations.cancel(String(args.id));
    return { bulkOperation: result.operation ? mutations.toGraphQL(result.operation) : null, userErrors: result.userErrors };
  };

  const cdn = (path: string) => (path.startsWith("bulk-mutations/") ? mutations.serve(path) : store.cdn(path));
  const wrapped: SimStore = { ...store, rootQuery, rootMutation, node, cdn };
  mutations.store = wrapped;
  return wrapped;
}

/**
 * The body of the form's `file` field when the upload was a multipart POST
 * (the documented way to send bulk variables: the target's parameters, then
 * the file); undefined when the upload was a plain body (PUT).
 */
function multipartFile(body: Uint8Array, contentType: string): { body: Uint8Array } | undefined {
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const data = Buffer.from(body);
  const delimiter = Buffer.from(`--${boundary}`);
  for (let start = data.indexOf(delimiter); start !== -1; ) {
    const next = data.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = data.subarray(start + delimiter.length, next);
    const split = part.indexOf("\r\n\r\n");
    const head = part.subarray(0, split).toString("utf8");
    if (split !== -1 && /name="file"/.test(head)) return { body: part.subarray(split + 4, part.length - 2) };
    start = next;
  }
  return { body: new Uint8Array() };
}
