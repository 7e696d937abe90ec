/**
 * The simulated shop's custom data: metaobject definitions, metaobjects and
 * metafield definitions. Writes to metaobjects emit Shopify's
 * metaobjects/create, metaobjects/update and metaobjects/delete topics
 * (shopify.dev changelog "New webhook topics added for Metaobject events",
 * 2024-01); definitions have no webhook topics in the Admin API.
 */
import { connection, SimUserError, type ConnectionArgs, type Domain, type ResolverMap, type StoreCore } from "./core";
import { matchesSearch, parseSearch } from "./content/search";
import { numericId } from "./content/table";
import { metaobjectMutations } from "./metaobjects/mutations";
import { createViews, MetaobjectState, resolveType, type MetaobjectRecord } from "./metaobjects/state";
import { FIELD_TYPES, fieldTypeView } from "./metaobjects/types";

export type MetaobjectDomain = Domain;

const idOf = (view: Record<string, unknown>) => Number(String(view.id).split("/").pop());

/** Creates the metaobjects domain (seeded lazily from the core's seed and size). */
export function createMetaobjectDomain(core: StoreCore): MetaobjectDomain {
  const state = new MetaobjectState(core);
  const views = createViews(state);

  const searchMetaobjects = (list: MetaobjectRecord[], query: unknown) => {
    const terms = parseSearch(query);
    return list.filter((m) => {
      const display = String(views.metaobjectView(m).displayName);
      const fields: Record<string, string> = { id: String(m.id), handle: m.handle, display_name: display, updated_at: m.updatedAt, created_at: m.createdAt };
      for (const [key, value] of Object.entries(m.fields)) fields[`fields.${key}`] = value;
      return matchesSearch(terms, fields, display);
    });
  };

  const query: ResolverMap = {
    metaobjectDefinition: (args) => {
      const record = state.definitions.get(numericId(args.id, "MetaobjectDefinition") ?? -1);
      return record ? views.definitionView(record) : null;
    },
    metaobjectDefinitions: (args, context) => connection(state.definitions.all().map(views.definitionView), args as ConnectionArgs, context, idOf),
    metaobjectDefinitionByType: (args) => {
      const record = state.definitionByType(String(args.type));
      return record ? views.definitionView(record) : null;
    },
    metaobject: (args) => {
      const record = state.metaobjects.get(numericId(args.id, "Metaobject") ?? -1);
      return record ? views.metaobjectView(record) : null;
    },
    metaobjectByHandle: (args) => {
      const { type, handle } = args.handle as { type: string; handle: string };
      const record = state.byHandle(type, handle);
      return record ? views.metaobjectView(record) : null;
    },
    metaobjects: (args, context) => {
      const definition = state.definitionByType(String(args.type));
      // An unknown type yields an empty connection, not an error.
      let list = definition ? searchMetaobjects(state.metaobjectsOf(definition.id), args.query) : [];
      // sortKey accepts id, type, updated_at and display_name.
      const sortKey = args.sortKey ? String(args.sortKey) : "id";
      if (!["id", "type", "updated_at", "display_name"].includes(sortKey)) throw new SimUserError(`Invalid sort key: ${sortKey}`, "sortKey");
      if (sortKey === "updated_at") list = list.slice().sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
      if (sortKey === "display_name") list = list.slice().sort((a, b) => String(views.metaobjectView(a).displayName).localeCompare(String(views.metaobjectView(b).displayName)));
      return connection(list.map(views.metaobjectView), args as ConnectionArgs, context, idOf);
    },
    metafieldDefinition: (args) => {
      const record = state.metafieldDefinitions.get(numericId(args.id, "MetafieldDefinition") ?? -1);
      return record ? views.metafieldDefinitionView(record) : null;
    },
    metafieldDefinitions: (args, context) => {
      const terms = parseSearch(args.query);
      const namespace = args.namespace ? resolveType(String(args.namespace)) : null;
      let list = state.metafieldDefinitions.all().filter(
        (d) =>
          d.ownerType === args.ownerType &&
          (!namespace || d.namespace === namespace) &&
          (!args.key || d.key === args.key) &&
          (args.pinnedStatus === "PINNED" ? d.pinnedPosition !== null : args.pinnedStatus === "UNPINNED" ? d.pinnedPosition === null : true) &&
          matchesSearch(terms, { id: d.id, namespace: d.namespace, key: d.key, name: d.name, type: d.type }, d.name),
      );
      if (args.sortKey === "NAME") list = list.slice().sort((a, b) => a.name.localeCompare(b.name));
      if (args.sortKey === "PINNED_POSITION") list = list.slice().sort((a, b) => (a.pinnedPosition ?? Infinity) - (b.pinnedPosition ?? Infinity));
      return connection(list.map(views.metafieldDefinitionView), args as ConnectionArgs, context, idOf);
    },
    metafieldDefinitionTypes: () => [...FIELD_TYPES.keys()].map(fieldTypeView),
  };

  return {
    name: "metaobjects",
    query,
    mutation: metaobjectMutations(state),
    nodeTypes: {
      Metaobject: (id) => {
        const record = state.metaobjects.get(Number(id));
        return record && views.metaobjectView(record);
      },
      MetaobjectDefinition: (id) => {
        const record = state.definitions.get(Number(id));
        return record && views.definitionView(record);
      },
      MetafieldDefinition: (id) => {
        const record = state.metafieldDefinitions.get(Number(id));
        return record && views.metafieldDefinitionView(record);
      },
    },
  };
}
