/** Metaobject definitions, metaobjects and metafield definitions: records, seeding and GraphQL views. */
import { connection, gid, type ConnectionArgs, type SimContext, type StoreCore } from "../core";
import { jsonValueOf } from "../content/metafields";
import { SeededTable } from "../content/table";
import { daysBefore, handleize } from "../content/text";
import { DEFINITION_TEMPLATES, metafieldDefinitionSeeds, type FieldDefinitionRecord, type Validation } from "./seed";
import { fieldTypeView } from "./types";

export interface DefinitionRecord {
  id: number;
  type: string;
  name: string;
  description: string | null;
  displayNameKey: string | null;
  fieldDefinitions: FieldDefinitionRecord[];
  adminAccess: string;
  storefrontAccess: string;
  publishable: boolean;
  translatable: boolean;
  renderable: boolean;
  onlineStore: boolean;
  createdAt: string;
}

export interface MetaobjectRecord {
  id: number;
  definitionId: number;
  type: string;
  handle: string;
  /** Field values by key; absent keys are empty. */
  fields: Record<string, string>;
  status: "ACTIVE" | "DRAFT" | null;
  createdAt: string;
  updatedAt: string;
}

export interface MetafieldDefinitionRecord {
  id: number;
  ownerType: string;
  namespace: string;
  key: string;
  name: string;
  type: string;
  description: string | null;
  validations: Validation[];
  pinnedPosition: number | null;
}

const DEFINITION_BASE = 7_000_000;
const METAOBJECT_BASE = 90_000_000;
const METAFIELD_DEFINITION_BASE = 3_500_000;
/** The app id `$app:` types resolve to (Shopify: app--<api client id>--<type>). */
export const SIMULATED_APP_ID = 7_654_321;

/** Shopify stores `$app:foo` as `app--<app id>--foo`. */
export function resolveType(type: string): string {
  return type.startsWith("$app:") ? `app--${SIMULATED_APP_ID}--${type.slice(5)}` : type;
}

export class MetaobjectState {
  readonly definitions: SeededTable<DefinitionRecord>;
  readonly metaobjects: SeededTable<MetaobjectRecord>;
  readonly metafieldDefinitions: SeededTable<MetafieldDefinitionRecord>;

  constructor(readonly core: StoreCore) {
    const { metaobjectDefinitions, metaobjectsPerDefinition } = core.preset;
    this.definitions = new SeededTable<DefinitionRecord>("MetaobjectDefinition", DEFINITION_BASE, metaobjectDefinitions, (index) => {
      const template = DEFINITION_TEMPLATES[index % DEFINITION_TEMPLATES.length];
      const round = Math.floor(index / DEFINITION_TEMPLATES.length);
      return {
        id: DEFINITION_BASE + index,
        type: round ? `${template.type}_${round + 1}` : template.type,
        name: round ? `${template.name} ${round + 1}` : template.name,
        description: template.description,
        displayNameKey: template.displayNameKey,
        fieldDefinitions: template.fields.map(({ key, name, type, required, description, validations }) => ({ key, name, type, required, description, validations })),
        adminAccess: "PUBLIC_READ_WRITE",
        storefrontAccess: template.onlineStore ? "PUBLIC_READ" : "NONE",
        publishable: template.publishable,
        translatable: true,
        renderable: template.onlineStore,
        onlineStore: template.onlineStore,
        createdAt: daysBefore(core.seededAt(), 500 - index),
      };
    });
    this.metaobjects = new SeededTable<MetaobjectRecord>("Metaobject", METAOBJECT_BASE, metaobjectDefinitions * metaobjectsPerDefinition, (index) => {
      const definitionIndex = Math.floor(index / metaobjectsPerDefinition);
      const j = index % metaobjectsPerDefinition;
      const template = DEFINITION_TEMPLATES[definitionIndex % DEFINITION_TEMPLATES.length];
      const definition = this.definitions.get(DEFINITION_BASE + definitionIndex) as DefinitionRecord;
      const rng = core.rngFor("Metaobject", index);
      const fields: Record<string, string> = {};
      for (const f of template.fields) {
        const value = f.generate(rng, j);
        if (value !== null) fields[f.key] = value;
      }
      const display = template.displayNameKey ? fields[template.displayNameKey] : undefined;
      const createdAt = daysBefore(core.seededAt(), rng.int(20, 400) + rng.next());
      return {
        id: METAOBJECT_BASE + index,
        definitionId: definition.id,
        type: definition.type,
        // Seeded handles carry the entry number so they stay unique within the type.
        handle: `${handleize(display ?? definition.type)}-${j + 1}`,
        fields,
        status: template.publishable ? (rng.bool(0.85) ? "ACTIVE" : "DRAFT") : null,
        createdAt,
        updatedAt: daysBefore(core.seededAt(), rng.int(0, 19) + rng.next()),
      };
    });
    const designer = metaobjectDefinitions > 0 ? gid("MetaobjectDefinition", DEFINITION_BASE) : null;
    const seeds = metafieldDefinitionSeeds(designer);
    let pinned = new Map<string, number>();
    const pinnedPositions = seeds.map((s) => {
      if (!s.pinned) return null;
      const next = (pinned.get(s.ownerType) ?? 0) + 1;
      pinned = pinned.set(s.ownerType, next);
      return next;
    });
    this.metafieldDefinitions = new SeededTable<MetafieldDefinitionRecord>("MetafieldDefinition", METAFIELD_DEFINITION_BASE, seeds.length, (index) => {
      const { ownerType, namespace, key, name, type, description, validations } = seeds[index];
      return { id: METAFIELD_DEFINITION_BASE + index, ownerType, namespace, key, name, type, description, validations, pinnedPosition: pinnedPositions[index] };
    });
  }

  definitionByType(type: string): DefinitionRecord | undefined {
    const resolved = resolveType(type);
    return this.definitions.all().find((d) => d.type === resolved);
  }

  metaobjectsOf(definitionId: number): MetaobjectRecord[] {
    const { metaobjectsPerDefinition } = this.core.preset;
    const index = definitionId - DEFINITION_BASE;
    // Seeded entries of a definition occupy one contiguous id range, so only that range and created ones are read.
    const out: MetaobjectRecord[] = [];
    for (const id of this.metaobjects.ids()) {
      const seededIndex = id - METAOBJECT_BASE;
      const seededHere = seededIndex >= index * metaobjectsPerDefinition && seededIndex < (index + 1) * metaobjectsPerDefinition;
      const created = seededIndex >= this.metaobjects.seededCount;
      if (!seededHere && !created) continue;
      const record = this.metaobjects.get(id) as MetaobjectRecord;
      if (record.definitionId === definitionId) out.push(record);
    }
    return out;
  }

  byHandle(type: string, handle: string): MetaobjectRecord | undefined {
    const definition = this.definitionByType(type);
    return definition ? this.metaobjectsOf(definition.id).find((m) => m.handle === handle) : undefined;
  }
}

const APP = { __typename: "App", id: gid("App", SIMULATED_APP_ID), title: "Snapshelf", handle: "snapshelf", apiKey: "simulated-api-key", developerName: "Snapshelf", embedded: true };

export function fieldDefinitionView(f: FieldDefinitionRecord) {
  return {
    __typename: "MetaobjectFieldDefinition",
    key: f.key,
    name: f.name,
    description: f.description,
    required: f.required,
    type: fieldTypeView(f.type),
    validations: f.validations.map((v) => ({ name: v.name, type: fieldTypeView(f.type).supportedValidations.find((s) => s.name === v.name)?.type ?? "single_line_text_field", value: v.value })),
  };
}

/** View factories bound to the state (definitions and metaobjects refer to each other). */
export function createViews(state: MetaobjectState) {
  const definitionView = (d: DefinitionRecord): Record<string, unknown> => ({
    __typename: "MetaobjectDefinition",
    id: gid("MetaobjectDefinition", d.id),
    type: d.type,
    name: d.name,
    description: d.description,
    displayNameKey: d.displayNameKey,
    fieldDefinitions: d.fieldDefinitions.map(fieldDefinitionView),
    access: { admin: d.adminAccess, storefront: d.storefrontAccess },
    capabilities: {
      publishable: { enabled: d.publishable },
      translatable: { enabled: d.translatable },
      renderable: { enabled: d.renderable, data: d.renderable ? { metaTitleKey: d.displayNameKey, metaDescriptionKey: null } : null },
      onlineStore: { enabled: d.onlineStore, data: d.onlineStore ? { urlHandle: d.type.replace(/_/g, "-"), canCreateRedirects: true } : null },
    },
    hasThumbnailField: false,
    createdByApp: APP,
    createdByStaff: null,
    metaobjects: (args: ConnectionArgs, context: SimContext) => connection(state.metaobjectsOf(d.id).map(metaobjectView), args, context, (m) => Number(String(m.id).split("/").pop())),
    metaobjectsCount: () => state.metaobjectsOf(d.id).length,
  });

  const fieldView = (definition: FieldDefinitionRecord, record: MetaobjectRecord) => {
    const value = record.fields[definition.key] ?? null;
    return {
      __typename: "MetaobjectField",
      key: definition.key,
      type: definition.type,
      value,
      jsonValue: value === null ? null : jsonValueOf(definition.type, value),
      definition: fieldDefinitionView(definition),
      // Metaobject references resolve within this domain; other references belong to other domains.
      reference: () => {
        if (definition.type !== "metaobject_reference" || !value) return null;
        const target = state.metaobjects.get(Number(value.split("/").pop()));
        return target ? metaobjectView(target) : null;
      },
      references: null,
      thumbnail: null,
    };
  };

  const metaobjectView = (record: MetaobjectRecord): Record<string, unknown> => {
    const definition = state.definitions.get(record.definitionId) as DefinitionRecord;
    const displayValue = definition.displayNameKey ? record.fields[definition.displayNameKey] : undefined;
    return {
      __typename: "Metaobject",
      id: gid("Metaobject", record.id),
      type: record.type,
      handle: record.handle,
      // Without a display-name field Shopify shows "<definition name> #<id>".
      displayName: displayValue ?? `${definition.name} #${record.id}`,
      updatedAt: record.updatedAt,
      fields: definition.fieldDefinitions.map((f) => fieldView(f, record)),
      field: (args: { key: string }) => {
        const f = definition.fieldDefinitions.find((candidate) => candidate.key === args.key);
        return f ? fieldView(f, record) : null;
      },
      capabilities: {
        publishable: definition.publishable ? { status: record.status ?? "DRAFT" } : null,
        onlineStore: definition.onlineStore ? { templateSuffix: null } : null,
      },
      definition: () => definitionView(definition),
      createdBy: APP,
      createdByApp: APP,
      createdByStaff: null,
      staffMember: null,
      thumbnailField: null,
      referencedBy: (args: ConnectionArgs, context: SimContext) => connection([], args, context, () => 0),
    };
  };

  const metafieldDefinitionView = (d: MetafieldDefinitionRecord) => ({
    __typename: "MetafieldDefinition",
    id: gid("MetafieldDefinition", d.id),
    ownerType: d.ownerType,
    namespace: d.namespace,
    key: d.key,
    name: d.name,
    description: d.description,
    type: fieldTypeView(d.type),
    validations: d.validations.map((v) => ({ name: v.name, type: "single_line_text_field", value: v.value })),
    pinnedPosition: d.pinnedPosition,
    access: { admin: d.namespace.startsWith("app--") ? "PRIVATE" : "PUBLIC_READ_WRITE", storefront: "NONE", customerAccount: "NONE", grants: [] },
    capabilities: {
      adminFilterable: { eligible: true, enabled: false, status: "NOT_FILTERABLE" },
      smartCollectionCondition: { eligible: d.ownerType === "PRODUCT", enabled: false },
      uniqueValues: { eligible: ["single_line_text_field", "number_integer", "url"].includes(d.type), enabled: false },
    },
    constraints: null,
    standardTemplate: null,
    useAsCollectionCondition: false,
    validationStatus: "ALL_VALID",
    // Metafield values belong to their owners' domains; this definition does not index them.
    metafields: (args: ConnectionArgs, context: SimContext) => connection([], args, context, () => 0),
    metafieldsCount: () => 0,
  });

  return { definitionView, metaobjectView, metafieldDefinitionView };
}
