/** metaobjectDefinitionCreate, metaobject create/update/upsert/delete and metafieldDefinitionCreate. */
import { gid, type ResolverMap, type UserError } from "../core";
import { fitCodes, numericId } from "../content/table";
import { handleize } from "../content/text";
import type { FieldDefinitionRecord, Validation } from "./seed";
import { createViews, resolveType, SIMULATED_APP_ID, type DefinitionRecord, type MetaobjectRecord, type MetaobjectState } from "./state";
import { checkValue, FIELD_TYPES } from "./types";

interface MetaobjectError extends UserError {
  elementKey?: string | null;
  elementIndex?: number | null;
}

interface FieldInput {
  key: string;
  value: string;
}

interface MetaobjectInput {
  type?: string;
  handle?: string | null;
  fields?: FieldInput[] | null;
  capabilities?: { publishable?: { status: "ACTIVE" | "DRAFT" } | null } | null;
  redirectNewHandle?: boolean | null;
}

const HANDLE = /^[a-z0-9][a-z0-9_-]*$/;
const errors = (list: MetaobjectError[]) => fitCodes(list, "MetaobjectUserErrorCode").map((e, i) => ({ elementKey: list[i].elementKey ?? null, elementIndex: list[i].elementIndex ?? null, ...e }));

/** The REST-shaped payload of metaobjects/* webhooks (ids there are GIDs, as Shopify sends them). */
function webhookPayload(record: MetaobjectRecord, displayName: string) {
  const id = gid("Metaobject", record.id);
  return {
    id,
    admin_graphql_api_id: id,
    type: record.type,
    handle: record.handle,
    display_name: displayName,
    definition_id: gid("MetaobjectDefinition", record.definitionId),
    fields: { ...record.fields },
    capabilities: record.status ? { publishable: { status: record.status.toLowerCase() } } : {},
    created_by_app_id: gid("App", SIMULATED_APP_ID),
    created_by_staff_id: null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

export function metaobjectMutations(state: MetaobjectState): ResolverMap {
  const { core } = state;
  const views = createViews(state);
  const metaobjectExists = (value: string) => Boolean(state.metaobjects.get(numericId(value, "Metaobject") ?? -1));
  const displayNameOf = (record: MetaobjectRecord) => String(views.metaobjectView(record).displayName);

  /** Validates field inputs against the definition; returns the merged field map or errors. */
  const applyFields = (definition: DefinitionRecord, inputs: readonly FieldInput[], base: Record<string, string>, creating: boolean) => {
    const list: MetaobjectError[] = [];
    const fields = { ...base };
    const seen = new Set<string>();
    inputs.forEach((input, index) => {
      const fieldPath = ["metaobject", "fields", String(index)];
      const definitionField = definition.fieldDefinitions.find((f) => f.key === input.key);
      if (seen.has(input.key)) {
        list.push({ field: fieldPath, message: `Field "${input.key}" is given more than once`, code: "DUPLICATE_FIELD_INPUT", elementKey: input.key, elementIndex: index });
        return;
      }
      seen.add(input.key);
      if (!definitionField) {
        list.push({ field: fieldPath, message: `Field definition "${input.key}" does not exist`, code: "UNDEFINED_OBJECT_FIELD", elementKey: input.key, elementIndex: index });
        return;
      }
      if (input.value === "") {
        delete fields[input.key];
        return;
      }
      const problem = checkValue(definitionField.type, input.value, definitionField.validations, metaobjectExists);
      if (problem) list.push({ field: fieldPath, message: problem, code: "INVALID_VALUE", elementKey: input.key, elementIndex: index });
      else fields[input.key] = input.value;
    });
    for (const f of definition.fieldDefinitions) {
      const touched = seen.has(f.key);
      if (f.required && !fields[f.key] && (creating || touched)) {
        list.push({ field: ["metaobject", "fields"], message: `${f.name} can't be blank`, code: "OBJECT_FIELD_REQUIRED", elementKey: f.key });
      }
    }
    return { fields, errors: list };
  };

  const statusErrors = (definition: DefinitionRecord, input: MetaobjectInput): MetaobjectError[] =>
    input.capabilities?.publishable && !definition.publishable
      ? [{ field: ["metaobject", "capabilities", "publishable"], message: "Capability publishable is not enabled on this definition", code: "CAPABILITY_NOT_ENABLED" }]
      : [];

  const handleErrors = (definition: DefinitionRecord, handle: string | null | undefined, exceptId?: number): MetaobjectError[] => {
    if (handle == null) return [];
    if (!HANDLE.test(handle) || handle.length > 255) return [{ field: ["metaobject", "handle"], message: "Handle is invalid", code: "INVALID" }];
    const clash = state.metaobjectsOf(definition.id).some((m) => m.handle === handle && m.id !== exceptId);
    return clash ? [{ field: ["metaobject", "handle"], message: "Handle has already been taken", code: "TAKEN" }] : [];
  };

  /** Shopify generates a handle from the display name (or the type), de-duplicated with a suffix. */
  const generatedHandle = (definition: DefinitionRecord, fields: Record<string, string>) => {
    const base = handleize((definition.displayNameKey && fields[definition.displayNameKey]) || definition.type);
    const taken = new Set(state.metaobjectsOf(definition.id).map((m) => m.handle));
    let handle = base;
    for (let n = 1; taken.has(handle); n++) handle = `${base}-${n}`;
    return handle;
  };

  const create = (definition: DefinitionRecord, input: MetaobjectInput, handle: string | null | undefined) => {
    const applied = applyFields(definition, input.fields ?? [], {}, true);
    const list = [...handleErrors(definition, handle), ...applied.errors, ...statusErrors(definition, input)];
    if (list.length) return { metaobject: null, userErrors: errors(list) };
    const now = core.now().toISOString();
    const record: MetaobjectRecord = {
      id: state.metaobjects.allocate(core),
      definitionId: definition.id,
      type: definition.type,
      handle: handle ?? generatedHandle(definition, applied.fields),
      fields: applied.fields,
      // New entries of a publishable definition start as drafts unless a status is given.
      status: definition.publishable ? input.capabilities?.publishable?.status ?? "DRAFT" : null,
      createdAt: now,
      updatedAt: now,
    };
    state.metaobjects.insert(record);
    core.emit("metaobjects/create", webhookPayload(record, displayNameOf(record)));
    return { metaobject: views.metaobjectView(record), userErrors: [] };
  };

  const update = (current: MetaobjectRecord, input: MetaobjectInput) => {
    const definition = state.definitions.get(current.definitionId) as DefinitionRecord;
    const applied = applyFields(definition, input.fields ?? [], current.fields, false);
    const list = [...handleErrors(definition, input.handle, current.id), ...applied.errors, ...statusErrors(definition, input)];
    if (list.length) return { metaobject: null, userErrors: errors(list) };
    const record: MetaobjectRecord = {
      ...current,
      handle: input.handle ?? current.handle,
      fields: applied.fields,
      status: input.capabilities?.publishable?.status ?? current.status,
      updatedAt: core.now().toISOString(),
    };
    state.metaobjects.update(record);
    core.emit("metaobjects/update", webhookPayload(record, displayNameOf(record)));
    return { metaobject: views.metaobjectView(record), userErrors: [] };
  };

  const unknownType = (type: string, field: string[]) => ({ metaobject: null, userErrors: errors([{ field, message: `No metaobject definition exists for type "${type}"`, code: "UNDEFINED_OBJECT_TYPE" }]) });
  const notFound = () => ({ metaobject: null, userErrors: errors([{ field: ["id"], message: "Record not found", code: "RECORD_NOT_FOUND" }]) });

  return {
    metaobjectCreate: (args) => {
      const input = args.metaobject as MetaobjectInput;
      const definition = state.definitionByType(String(input.type));
      return definition ? create(definition, input, input.handle) : unknownType(String(input.type), ["metaobject", "type"]);
    },
    metaobjectUpdate: (args) => {
      const current = state.metaobjects.get(numericId(args.id, "Metaobject") ?? -1);
      return current ? update(current, args.metaobject as MetaobjectInput) : notFound();
    },
    metaobjectUpsert: (args) => {
      // Upsert by {type, handle}: update the entry with that handle, or create it with that handle.
      const key = args.handle as { type: string; handle: string };
      const input = args.metaobject as MetaobjectInput;
      const definition = state.definitionByType(key.type);
      if (!definition) return unknownType(key.type, ["handle", "type"]);
      const existing = state.byHandle(key.type, key.handle);
      return existing ? update(existing, input) : create(definition, input, input.handle ?? key.handle);
    },
    metaobjectDelete: (args) => {
      const id = numericId(args.id, "Metaobject") ?? -1;
      const current = state.metaobjects.get(id);
      if (!current) return { deletedId: null, userErrors: errors([{ field: ["id"], message: "Record not found", code: "RECORD_NOT_FOUND" }]) };
      state.metaobjects.remove(id);
      const now = core.now().toISOString();
      core.emit("metaobjects/delete", { id: gid("Metaobject", id), admin_graphql_api_id: gid("Metaobject", id), type: current.type, handle: current.handle, updated_at: now });
      return { deletedId: gid("Metaobject", id), userErrors: [] };
    },
    metaobjectDefinitionCreate: (args) => definitionCreate(state, args.definition as DefinitionInput, views.definitionView),
    // metaobjectDefinitionDelete (shopify.dev mutations/metaobjectDefinitionDelete): deletes the definition and every entry of it.
    metaobjectDefinitionDelete: (args) => {
      const id = numericId(args.id, "MetaobjectDefinition") ?? -1;
      if (!state.definitions.get(id)) return { deletedId: null, userErrors: errors([{ field: ["id"], message: "Record not found", code: "RECORD_NOT_FOUND" }]) };
      for (const entry of state.metaobjectsOf(id)) state.metaobjects.remove(entry.id);
      state.definitions.remove(id);
      return { deletedId: gid("MetaobjectDefinition", id), userErrors: [] };
    },
    // metafieldDefinitionDelete (shopify.dev mutations/metafieldDefinitionDelete): the owners' metafields stay unless deleteAllAssociatedMetafields.
    metafieldDefinitionDelete: (args) => {
      const id = numericId(args.id, "MetafieldDefinition") ?? -1;
      if (!state.metafieldDefinitions.get(id)) return { deletedDefinitionId: null, userErrors: [{ field: ["id"], message: "Definition not found", code: "NOT_FOUND" }] };
      if (args.deleteAllAssociatedMetafields) return { deletedDefinitionId: null, userErrors: [{ field: ["deleteAllAssociatedMetafields"], message: "The simulator keeps owners' metafields", code: "INTERNAL_ERROR" }] };
      state.metafieldDefinitions.remove(id);
      return { deletedDefinitionId: gid("MetafieldDefinition", id), userErrors: [] };
    },
    metafieldDefinitionCreate: (args) => metafieldDefinitionCreate(state, args.definition as MetafieldDefinitionInput, views.metafieldDefinitionView),
  };
}

interface DefinitionInput {
  type: string;
  name?: string | null;
  description?: string | null;
  displayNameKey?: string | null;
  fieldDefinitions: { key: string; type: string; name?: string | null; description?: string | null; required?: boolean | null; validations?: Validation[] | null }[];
  access?: { admin?: string | null; storefront?: string | null } | null;
  capabilities?: Record<string, { enabled: boolean } | null | undefined> | null;
}

function validationErrors(type: string, validations: readonly Validation[], field: string[]): MetaobjectError[] {
  const supported = FIELD_TYPES.get(type)?.validations ?? [];
  return validations.filter((v) => !supported.includes(v.name)).map((v) => ({ field, message: `Validation "${v.name}" is not supported for ${type}`, code: "INVALID_OPTION" }));
}

function definitionCreate(state: MetaobjectState, input: DefinitionInput, view: (d: DefinitionRecord) => unknown) {
  const list: MetaobjectError[] = [];
  const type = resolveType(input.type);
  const appOwned = input.type.startsWith("$app:");
  if (!/^[a-zA-Z0-9_-]{3,255}$/.test(type)) list.push({ field: ["definition", "type"], message: "Type is invalid: use 3-255 letters, digits, hyphens or underscores", code: "INVALID" });
  if (state.definitionByType(type)) list.push({ field: ["definition", "type"], message: "Type has already been taken", code: "TAKEN" });
  // Only app-owned ($app:) types may set admin access; merchant-owned ones always allow merchant edits.
  if (input.access?.admin && !appOwned) list.push({ field: ["definition", "access", "admin"], message: "Admin access can only be specified on metaobject definitions that have an app-reserved type.", code: "ADMIN_ACCESS_INPUT_NOT_ALLOWED" });
  const keys = new Set<string>();
  input.fieldDefinitions.forEach((f, index) => {
    const field = ["definition", "fieldDefinitions", String(index)];
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(f.key)) list.push({ field: [...field, "key"], message: "Key is invalid", code: "INVALID", elementKey: f.key, elementIndex: index });
    if (keys.has(f.key)) list.push({ field: [...field, "key"], message: `Field "${f.key}" is defined more than once`, code: "DUPLICATE_FIELD_INPUT", elementKey: f.key, elementIndex: index });
    keys.add(f.key);
    if (!FIELD_TYPES.has(f.type)) list.push({ field: [...field, "type"], message: `Type "${f.type}" is not a valid field type`, code: "FIELD_TYPE_INVALID", elementKey: f.key, elementIndex: index });
    else list.push(...validationErrors(f.type, f.validations ?? [], [...field, "validations"]));
  });
  if (input.displayNameKey && !keys.has(input.displayNameKey)) list.push({ field: ["definition", "displayNameKey"], message: "Display name key must be one of the field keys", code: "INVALID" });
  if (list.length) return { metaobjectDefinition: null, userErrors: errors(list) };
  const capability = (name: string) => Boolean(input.capabilities?.[name]?.enabled);
  const record: DefinitionRecord = {
    id: state.definitions.allocate(state.core),
    type,
    name: input.name ?? input.type,
    description: input.description ?? null,
    displayNameKey: input.displayNameKey ?? null,
    fieldDefinitions: input.fieldDefinitions.map((f): FieldDefinitionRecord => ({ key: f.key, name: f.name ?? f.key, type: f.type, required: Boolean(f.required), description: f.description ?? null, validations: f.validations ?? [] })),
    adminAccess: appOwned ? input.access?.admin ?? "PRIVATE" : "PUBLIC_READ_WRITE",
    storefrontAccess: input.access?.storefront ?? "NONE",
    publishable: capability("publishable"),
    translatable: capability("translatable"),
    renderable: capability("renderable"),
    onlineStore: capability("onlineStore"),
    createdAt: state.core.now().toISOString(),
  };
  state.definitions.insert(record);
  return { metaobjectDefinition: view(record), userErrors: [] };
}

interface MetafieldDefinitionInput {
  namespace?: string | null;
  key: string;
  name: string;
  description?: string | null;
  ownerType: string;
  type: string;
  validations?: Validation[] | null;
  pin?: boolean | null;
}

function metafieldDefinitionCreate(state: MetaobjectState, input: MetafieldDefinitionInput, view: (d: ReturnType<MetaobjectState["metafieldDefinitions"]["all"]>[number]) => unknown) {
  const list: MetaobjectError[] = [];
  // Without a namespace the definition goes to the app-reserved namespace.
  const namespace = resolveType(input.namespace ?? "$app");
  const field = (name: string) => ["definition", name];
  if (namespace.length < 2) list.push({ field: field("namespace"), message: "Namespace is too short (minimum is 2 characters)", code: "TOO_SHORT" });
  if (namespace.length > 255) list.push({ field: field("namespace"), message: "Namespace is too long (maximum is 255 characters)", code: "TOO_LONG" });
  if (input.key.length < 2) list.push({ field: field("key"), message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT" });
  if (input.key.length > 64) list.push({ field: field("key"), message: "Key is too long (maximum is 64 characters)", code: "TOO_LONG" });
  if (!/^[a-zA-Z0-9_-]*$/.test(input.key) || !/^[a-zA-Z0-9_$:-]*$/.test(namespace)) list.push({ field: field("key"), message: "Key contains one or more invalid characters.", code: "INVALID_CHARACTER" });
  if (!input.name.trim()) list.push({ field: field("name"), message: "Name can't be blank", code: "PRESENT" });
  if (!FIELD_TYPES.has(input.type)) list.push({ field: field("type"), message: "Type name is not included in the list", code: "INCLUSION" });
  else list.push(...validationErrors(input.type, input.validations ?? [], field("validations")).map((e) => ({ ...e, code: "INVALID_OPTION" })));
  const taken = state.metafieldDefinitions.all().some((d) => d.ownerType === input.ownerType && d.namespace === namespace && d.key === input.key);
  if (taken) list.push({ field: field("key"), message: `Key is in use for ${input.ownerType.toLowerCase()} metafields on the '${namespace}' namespace.`, code: "TAKEN" });
  if (list.length) return { createdDefinition: null, userErrors: fitCodes(list, "MetafieldDefinitionCreateUserErrorCode").map((e) => ({ ...e, elementIndex: null })) };
  const pinnedPosition = input.pin
    ? Math.max(0, ...state.metafieldDefinitions.all().filter((d) => d.ownerType === input.ownerType).map((d) => d.pinnedPosition ?? 0)) + 1
    : null;
  const record = { id: state.metafieldDefinitions.allocate(state.core), ownerType: input.ownerType, namespace, key: input.key, name: input.name.trim(), type: input.type, description: input.description ?? null, validations: input.validations ?? [], pinnedPosition };
  state.metafieldDefinitions.insert(record);
  state.core.now();
  return { createdDefinition: view(record), userErrors: [] };
}
