/**
 * productSet (shopify.dev mutations/productSet): create or update a whole
 * product in one call. Scalar fields omitted stay unchanged; list fields
 * that are present (variants, productOptions, metafields, collections,
 * files) replace the existing entries, so entries left out are deleted.
 * Everything is validated before anything is written: a call with
 * userErrors changes nothing.
 */
import { gid, type SimContext } from "../core";
import { OPTION_BASE, OPTION_BLOCK, OPTION_VALUE_BASE, OPTION_VALUE_BLOCK, PRODUCT_BASE, itemIdOf, numericId } from "./ids";
import { replaceMetafields, type MetafieldInputLike } from "./metafields";
import { resolveMediaSource } from "./media";
import type { CatalogRuntime } from "./runtime";
import type { MediaRecord, OptionRecord, ProductRecord, ProductStatus, VariantRecord, Weight } from "./types";
import { APP_NAMESPACE, type Gql } from "./views";
import { weightInGrams } from "./weight";
import { productPayload } from "./webhooks";
import { slugify } from "./words";

interface OptionInput {
  id?: string | null;
  name?: string | null;
  position?: number | null;
  values?: { id?: string | null; name?: string | null }[] | null;
}

interface VariantInput {
  id?: string | null;
  optionValues: { id?: string | null; name?: string | null; optionId?: string | null; optionName?: string | null }[];
  price?: string | number | null;
  compareAtPrice?: string | number | null;
  sku?: string | null;
  barcode?: string | null;
  position?: number | null;
  taxable?: boolean | null;
  inventoryPolicy?: "DENY" | "CONTINUE" | null;
  inventoryItem?: {
    sku?: string | null;
    tracked?: boolean | null;
    cost?: string | number | null;
    requiresShipping?: boolean | null;
    measurement?: { weight?: Weight | null } | null;
  } | null;
  inventoryQuantities?: { locationId: string; name: string; quantity: number }[] | null;
  metafields?: MetafieldInputLike[] | null;
}

export interface ProductSetInput {
  id?: string | null;
  title?: string | null;
  handle?: string | null;
  descriptionHtml?: string | null;
  vendor?: string | null;
  productType?: string | null;
  tags?: string[] | null;
  status?: ProductStatus | null;
  seo?: { title?: string | null; description?: string | null } | null;
  templateSuffix?: string | null;
  productOptions?: OptionInput[] | null;
  variants?: VariantInput[] | null;
  metafields?: MetafieldInputLike[] | null;
  collections?: string[] | null;
  files?: { id?: string | null; originalSource?: string | null; alt?: string | null; contentType?: string | null; filename?: string | null }[] | null;
}

interface SetError {
  field: string[];
  message: string;
  code: string;
}

const MAX_VARIANTS = 2048;
const MAX_OPTIONS = 3;

function money(value: string | number | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n.toFixed(2) : "invalid";
}

/** Resolves which product a productSet call targets (identifier first, then input.id). */
function target(rt: CatalogRuntime, input: ProductSetInput, identifier: Record<string, unknown> | undefined, errors: SetError[]) {
  if (identifier?.customId) {
    errors.push({ field: ["identifier", "customId"], message: "customId identifiers are not supported by the simulator", code: "INVALID_INPUT" });
    return undefined;
  }
  const idText = (identifier?.id as string | undefined) ?? input.id ?? undefined;
  if (idText) {
    const product = rt.state.product(numericId(idText, "Product") ?? -1);
    if (!product) errors.push({ field: identifier?.id ? ["identifier", "id"] : ["input", "id"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" });
    return product;
  }
  if (typeof identifier?.handle === "string") return rt.state.productByHandle(identifier.handle);
  return undefined;
}

function uniqueHandle(rt: CatalogRuntime, base: string): string {
  const root = base || "product";
  let candidate = root;
  // Shopify appends -1, -2, … to a generated handle that is already taken.
  for (let n = 1; rt.state.productByHandle(candidate); n++) candidate = `${root}-${n}`;
  return candidate;
}

function buildOptions(rt: CatalogRuntime, existing: ProductRecord | undefined, inputs: OptionInput[], errors: SetError[]): OptionRecord[] {
  if (inputs.length > MAX_OPTIONS) errors.push({ field: ["input", "productOptions"], message: "Options count is over the allowed limit", code: "OPTIONS_OVER_LIMIT" });
  const seenNames = new Set<string>();
  return inputs.map((input, o) => {
    const field = ["input", "productOptions", String(o)];
    const byId = input.id ? existing?.options.find((x) => gid("ProductOption", x.id) === input.id) : undefined;
    if (input.id && !byId) errors.push({ field: [...field, "id"], message: "Option does not exist", code: "OPTION_DOES_NOT_EXIST" });
    const name = input.name ?? byId?.name ?? "";
    if (!name.trim()) errors.push({ field: [...field, "name"], message: "Option name can't be blank", code: "INVALID_INPUT" });
    if (seenNames.has(name.toLowerCase())) errors.push({ field: [...field, "name"], message: `Duplicated option name '${name}'`, code: "DUPLICATED_OPTION_NAME" });
    seenNames.add(name.toLowerCase());
    const values = input.values ?? [];
    if (values.length === 0) errors.push({ field: [...field, "values"], message: "Option values are missing", code: "OPTION_VALUES_MISSING" });
    const seenValues = new Set<string>();
    const previous = byId ?? existing?.options.find((x) => x.name === name);
    return {
      id: previous?.id ?? rt.core.allocateId("ProductOption", OPTION_BASE + rt.state.productCount * OPTION_BLOCK),
      name,
      position: o + 1,
      values: values.map((value, v) => {
        const valueById = value.id ? previous?.values.find((x) => gid("ProductOptionValue", x.id) === value.id) : undefined;
        if (value.id && !valueById) errors.push({ field: [...field, "values", String(v), "id"], message: "Option value does not exist", code: "OPTION_VALUE_DOES_NOT_EXIST" });
        const valueName = value.name ?? valueById?.name ?? "";
        if (seenValues.has(valueName.toLowerCase())) errors.push({ field: [...field, "values", String(v)], message: `Duplicated option value '${valueName}'`, code: "DUPLICATED_OPTION_VALUE" });
        seenValues.add(valueName.toLowerCase());
        const kept = valueById ?? previous?.values.find((x) => x.name === valueName);
        return {
          id: kept?.id ?? rt.core.allocateId("ProductOptionValue", OPTION_VALUE_BASE + rt.state.productCount * OPTION_VALUE_BLOCK),
          name: valueName,
        };
      }),
    };
  });
}

interface PendingLevel {
  variantIndex: number;
  locationIndex: number;
  name: string;
  quantity: number;
}

function buildVariants(
  rt: CatalogRuntime,
  existing: ProductRecord | undefined,
  inputs: VariantInput[],
  options: OptionRecord[],
  now: string,
  errors: SetError[],
  levels: PendingLevel[],
): VariantRecord[] {
  if (inputs.length > MAX_VARIANTS) errors.push({ field: ["input", "variants"], message: "Variants count is over the allowed limit", code: "VARIANTS_OVER_LIMIT" });
  const combos = new Set<string>();
  return inputs.map((input, index) => {
    const field = ["input", "variants", String(index)];
    const previous = input.id ? existing?.variants.find((v) => gid("ProductVariant", v.id) === input.id) : undefined;
    if (input.id && !previous) errors.push({ field: [...field, "id"], message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" });
    const selected = options.map((option) => {
      const ref = input.optionValues.find(
        (ov) => ov.optionName === option.name || (ov.optionId != null && ov.optionId === gid("ProductOption", option.id)),
      );
      const value = ref && option.values.find((v) => (ref.id ? gid("ProductOptionValue", v.id) === ref.id : v.name === ref.name));
      if (!ref) errors.push({ field: [...field, "optionValues"], message: `Option '${option.name}' is missing a value`, code: "INVALID_VARIANT" });
      else if (!value) errors.push({ field: [...field, "optionValues"], message: `Option value '${ref.name ?? ref.id}' does not exist for option '${option.name}'`, code: "OPTION_VALUE_DOES_NOT_EXIST" });
      return { name: option.name, value: value?.name ?? "" };
    });
    if (input.optionValues.length > options.length) errors.push({ field: [...field, "optionValues"], message: "Variant references an option that does not exist", code: "OPTION_DOES_NOT_EXIST" });
    const key = selected.map((s) => s.value).join("\u0000");
    if (combos.has(key)) errors.push({ field: [...field, "optionValues"], message: `The variant '${selected.map((s) => s.value).join(" / ")}' already exists.`, code: "INVALID_VARIANT" });
    combos.add(key);
    const price = money(input.price);
    const compareAtPrice = money(input.compareAtPrice);
    if (price === "invalid" || price === null) errors.push({ field: [...field, "price"], message: "Price must be a non-negative number", code: "INVALID_VARIANT" });
    if (compareAtPrice === "invalid") errors.push({ field: [...field, "compareAtPrice"], message: "Compare at price must be a non-negative number", code: "INVALID_VARIANT" });
    for (const [q, quantity] of (input.inventoryQuantities ?? []).entries()) {
      const location = rt.state.location(numericId(quantity.locationId, "Location") ?? -1);
      const qField = [...field, "inventoryQuantities", String(q)];
      if (!location) errors.push({ field: [...qField, "locationId"], message: "Location does not exist", code: "INVALID_INPUT" });
      else if (quantity.name !== "available" && quantity.name !== "on_hand") errors.push({ field: [...qField, "name"], message: "The quantity name must be either 'available' or 'on_hand'", code: "INVALID_INPUT" });
      else if (quantity.quantity < 0) errors.push({ field: [...qField, "quantity"], message: "Quantity can't be negative", code: "INVALID_INPUT" });
      else levels.push({ variantIndex: index, locationIndex: location.index, name: quantity.name, quantity: quantity.quantity });
    }
    const metafields = replaceMetafields(previous?.metafields ?? [], input.metafields ?? (previous?.metafields ?? []).map(({ namespace, key, value, type }) => ({ namespace, key, value, type })), APP_NAMESPACE, now, () => rt.allocateMetafieldId());
    for (const e of metafields.errors) errors.push({ field: [...field, "metafields", String(e.index), e.field], message: e.message, code: "INVALID_METAFIELD" });
    const sku = input.inventoryItem?.sku ?? input.sku;
    // InventoryItemInput.measurement.weight sets the variant's weight; omitted, the weight stays as it was.
    const weight = input.inventoryItem?.measurement?.weight ?? undefined;
    const grams = weight && weightInGrams(weight);
    if (weight && grams === undefined) {
      // Approximate wording: Shopify's message for a negative weight is not documented.
      errors.push({ field: [...field, "inventoryItem", "measurement", "weight", "value"], message: "Weight must be greater than or equal to 0", code: "INVALID_INPUT" });
    }
    const setWeight = weight && grams !== undefined ? { value: weight.value, unit: weight.unit } : previous?.weight;
    return {
      id: previous?.id ?? rt.allocateVariantId(),
      title: selected.map((s) => s.value).join(" / ") || "Default Title",
      position: index + 1,
      price: price === undefined ? (previous?.price ?? "0.00") : (price ?? "0.00"),
      compareAtPrice: compareAtPrice === undefined ? (previous?.compareAtPrice ?? null) : compareAtPrice,
      sku: sku === undefined ? (previous?.sku ?? null) : sku || null,
      barcode: input.barcode === undefined ? (previous?.barcode ?? null) : input.barcode,
      selectedOptions: selected,
      inventoryPolicy: input.inventoryPolicy ?? previous?.inventoryPolicy ?? "DENY",
      taxable: input.taxable ?? previous?.taxable ?? true,
      tracked: input.inventoryItem?.tracked ?? previous?.tracked ?? true,
      requiresShipping: input.inventoryItem?.requiresShipping ?? previous?.requiresShipping ?? true,
      weightGrams: grams ?? previous?.weightGrams ?? 0,
      ...(setWeight ? { weight: setWeight } : {}),
      unitCost: input.inventoryItem?.cost != null ? Number(input.inventoryItem.cost).toFixed(2) : (previous?.unitCost ?? null),
      metafields: metafields.list,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
  });
}

function buildMedia(rt: CatalogRuntime, ctx: SimContext, existing: ProductRecord | undefined, files: NonNullable<ProductSetInput["files"]>, now: string, errors: SetError[]): MediaRecord[] {
  return files.map((file, index) => {
    const field = ["input", "files", String(index)];
    if (file.contentType && file.contentType !== "IMAGE") {
      errors.push({ field: [...field, "contentType"], message: `${file.contentType} media is not supported by the simulator`, code: "INVALID_INPUT" });
    }
    if (file.id) {
      const kept = existing?.media.find((m) => gid("MediaImage", m.id) === file.id);
      if (!kept) errors.push({ field: [...field, "id"], message: "File does not exist", code: "INVALID_INPUT" });
      return kept ? { ...kept, alt: file.alt === undefined ? kept.alt : file.alt } : ({} as MediaRecord);
    }
    if (!file.originalSource) {
      errors.push({ field: [...field, "originalSource"], message: "Original source can't be blank", code: "INVALID_INPUT" });
      return {} as MediaRecord;
    }
    return resolveMediaSource(rt, ctx, file.originalSource, file.alt ?? null, now);
  });
}

/** Executes productSet; returns the ProductSetPayload. */
export function productSet(rt: CatalogRuntime, args: Record<string, unknown>, ctx: SimContext): Gql {
  const input = args.input as ProductSetInput;
  const identifier = args.identifier as Record<string, unknown> | undefined;
  const errors: SetError[] = [];
  const existing = target(rt, input, identifier, errors);
  const fail = () => ({ product: null, productSetOperation: null, userErrors: errors });
  if (errors.length) return fail();
  const creating = !existing;
  if (creating && !input.title?.trim()) errors.push({ field: ["input", "title"], message: "Title can't be blank", code: "INVALID_PRODUCT" });
  if (input.title !== undefined && input.title !== null && !input.title.trim()) errors.push({ field: ["input", "title"], message: "Title can't be blank", code: "INVALID_PRODUCT" });
  const hasOptions = input.productOptions != null;
  const hasVariants = input.variants != null;
  // Shopify needs both lists together: variants are defined in terms of the options.
  if (hasVariants && !hasOptions) errors.push({ field: ["input", "productOptions"], message: "Product options input is missing", code: "PRODUCT_OPTIONS_INPUT_MISSING" });
  if (hasOptions && !hasVariants) errors.push({ field: ["input", "variants"], message: "Variants input is missing", code: "VARIANTS_INPUT_MISSING" });

  const now = rt.now();
  let options = existing?.options ?? [];
  let variants = existing?.variants ?? [];
  const levels: PendingLevel[] = [];
  if (hasOptions && hasVariants) {
    options = buildOptions(rt, existing, input.productOptions ?? [], errors);
    variants = buildVariants(rt, existing, input.variants ?? [], options, now, errors, levels);
  } else if (creating) {
    // A product created without options gets Shopify's single "Default Title" variant.
    options = [{ id: rt.core.allocateId("ProductOption", OPTION_BASE + rt.state.productCount * OPTION_BLOCK), name: "Title", position: 1, values: [{ id: rt.core.allocateId("ProductOptionValue", OPTION_VALUE_BASE + rt.state.productCount * OPTION_VALUE_BLOCK), name: "Default Title" }] }];
    variants = buildVariants(rt, undefined, [{ optionValues: [{ optionName: "Title", name: "Default Title" }] }], options, now, errors, levels);
  }

  let handle = existing?.handle ?? "";
  if (input.handle != null || typeof identifier?.handle === "string") {
    handle = slugify(input.handle ?? (identifier?.handle as string));
    const owner = rt.state.productByHandle(handle);
    if (owner && owner.id !== existing?.id) errors.push({ field: ["input", "handle"], message: `Handle '${handle}' already in use. Please provide a new handle.`, code: "HANDLE_NOT_UNIQUE" });
  } else if (creating) {
    handle = uniqueHandle(rt, slugify(input.title ?? ""));
  }

  const metafields = input.metafields != null
    ? replaceMetafields(existing?.metafields ?? [], input.metafields, APP_NAMESPACE, now, () => rt.allocateMetafieldId())
    : { list: existing?.metafields ?? [], errors: [] };
  for (const e of metafields.errors) errors.push({ field: ["input", "metafields", String(e.index), e.field], message: e.message, code: "INVALID_METAFIELD" });

  const collectionIds: number[] = [];
  for (const [index, collectionGid] of (input.collections ?? []).entries()) {
    const collection = rt.state.collection(numericId(collectionGid, "Collection") ?? -1);
    if (!collection) errors.push({ field: ["input", "collections", String(index)], message: "Collection does not exist", code: "INVALID_INPUT" });
    else if (collection.kind === "smart") errors.push({ field: ["input", "collections", String(index)], message: "Can't add a product to a smart collection", code: "INVALID_INPUT" });
    else collectionIds.push(collection.id);
  }

  const media = input.files != null ? buildMedia(rt, ctx, existing, input.files, now, errors) : (existing?.media ?? []);
  if (errors.length) return fail();

  const status = input.status ?? existing?.status ?? "ACTIVE";
  const record: ProductRecord = {
    id: existing?.id ?? rt.core.allocateId("Product", PRODUCT_BASE + rt.state.productCount),
    title: input.title ?? existing?.title ?? "",
    handle,
    descriptionHtml: input.descriptionHtml ?? existing?.descriptionHtml ?? "",
    vendor: input.vendor ?? existing?.vendor ?? rt.core.shopDomain.split(".")[0],
    productType: input.productType ?? existing?.productType ?? "",
    tags: input.tags != null ? [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))].sort() : (existing?.tags ?? []),
    status,
    seo: {
      title: input.seo?.title !== undefined ? input.seo.title : (existing?.seo.title ?? null),
      description: input.seo?.description !== undefined ? input.seo.description : (existing?.seo.description ?? null),
    },
    templateSuffix: input.templateSuffix !== undefined ? input.templateSuffix : (existing?.templateSuffix ?? null),
    options,
    variants,
    media,
    metafields: metafields.list,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    publishedAt: existing?.publishedAt ?? (status === "ACTIVE" ? now : null),
  };

  const previousItems = new Set((existing?.variants ?? []).map((v) => v.id));
  rt.state.putProduct(record);
  if (input.collections != null) rt.state.setCustomMembership(record.id, collectionIds);
  for (const variant of record.variants) {
    // New variants are stocked at the primary location plus any location given a quantity.
    if (!previousItems.has(variant.id)) rt.state.setStocked(itemIdOf(variant.id), [0]);
  }
  for (const level of levels) {
    const itemId = itemIdOf(record.variants[level.variantIndex].id);
    const stocked = rt.model.levelsOfItem(itemId).map((l) => l.locationIndex);
    if (!stocked.includes(level.locationIndex)) rt.state.setStocked(itemId, [...stocked, level.locationIndex]);
    const current = rt.model.quantities({ itemId, locationIndex: level.locationIndex });
    const others = level.name === "on_hand" ? current.committed + current.reserved + current.damaged + current.safety_stock + current.quality_control : 0;
    rt.writeLevel(itemId, level.locationIndex, { ...current, available: Math.max(0, level.quantity - others), updatedAt: now });
  }
  rt.core.emit(creating ? "products/create" : "products/update", productPayload(record, (v) => rt.model.variantAvailable(v)));
  const product = rt.views.product(record, ctx);
  if (args.synchronous === false) {
    // Asynchronous mode: the simulator finishes at once, so the operation is already COMPLETE.
    return {
      product: null,
      productSetOperation: { __typename: "ProductSetOperation", id: gid("ProductSetOperation", record.id), status: "COMPLETE", product, userErrors: [] },
      userErrors: [],
    };
  }
  return { product, productSetOperation: null, userErrors: [] };
}
