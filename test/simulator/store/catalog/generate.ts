/**
 * Seeded catalog records, generated on demand: record i depends only on
 * (seed, type, i), so a 100k-product store costs nothing until read.
 */
import { hashString, type Rng, type StoreCore } from "../core";
import {
  COLLECTION_BASE,
  LOCATION_BASE,
  MEDIA_BASE,
  MEDIA_BLOCK,
  METAFIELD_BASE,
  METAFIELD_BLOCK,
  OPTION_BASE,
  OPTION_BLOCK,
  OPTION_VALUE_BASE,
  OPTION_VALUE_BLOCK,
  PRODUCT_BASE,
  VARIANT_BASE,
  VARIANT_BLOCK,
} from "./ids";
import type {
  CollectionRecord,
  CollectionRule,
  LevelQuantities,
  LocationRecord,
  MetafieldRecord,
  OptionRecord,
  ProductRecord,
  ProductStatus,
  VariantRecord,
} from "./types";
import {
  ADJECTIVES,
  CITIES,
  COLLECTION_NAMES,
  COLORS,
  NOUNS,
  PRODUCT_LINES,
  PRODUCT_TYPES,
  SCENTS,
  SHOE_SIZES,
  SIZES,
  slugify,
  TAGS,
  VENDORS,
  type NounSpec,
} from "./words";

const DAY = 86_400_000;
const TITLE_POOL = PRODUCT_LINES.length * ADJECTIVES.length * 12 * NOUNS.length;
// Coprime with TITLE_POOL (whose factors are 2, 3, 5), so i -> title index is a bijection.
const TITLE_STRIDE = 7919;

/** Title parts of seeded product i; titles are unique across the store by construction. */
function titleParts(core: StoreCore, index: number): { title: string; spec: NounSpec; material: string } {
  const offset = hashString(`${core.seed}:titles`) % TITLE_POOL;
  let k = (index * TITLE_STRIDE + offset) % TITLE_POOL;
  const spec = NOUNS[k % NOUNS.length];
  k = Math.floor(k / NOUNS.length);
  const material = spec.materials[k % 12];
  k = Math.floor(k / 12);
  const adjective = ADJECTIVES[k % ADJECTIVES.length];
  const line = PRODUCT_LINES[Math.floor(k / ADJECTIVES.length) % PRODUCT_LINES.length];
  const round = Math.floor(index / TITLE_POOL);
  const title = `${line} ${adjective} ${material} ${spec.noun}${round > 0 ? ` ${round + 1}` : ""}`;
  return { title, spec, material };
}

/** Handle of seeded product i without generating the rest of it (for the handle index). */
export function seededProductHandle(core: StoreCore, index: number): string {
  return slugify(titleParts(core, index).title);
}

function money(value: number): string {
  return value.toFixed(2);
}

function retailPrice(rng: Rng, [min, max]: [number, number]): number {
  return rng.int(min, max) + rng.pick([0, 0, 0.95, 0.99, 0.5]);
}

function isoBetween(rng: Rng, from: number, to: number): string {
  return new Date(from + Math.floor(rng.next() * Math.max(0, to - from))).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Shopify renders DateTime without milliseconds. */
export function isoNow(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function optionAxes(spec: NounSpec, rng: Rng, variantCount: number): { name: string; values: string[] }[] {
  if (variantCount <= 1 || spec.options === "none") return [{ name: "Title", values: ["Default Title"] }];
  if (spec.options === "scent") return [{ name: "Scent", values: rng.sample(SCENTS, variantCount) }];
  if (spec.options === "color") return [{ name: "Color", values: rng.sample(COLORS, variantCount) }];
  const sizes = spec.options === "shoe" ? SHOE_SIZES : SIZES;
  if (variantCount <= 3 || rng.bool(0.4)) {
    const start = rng.int(0, Math.max(0, sizes.length - variantCount));
    return [{ name: "Size", values: sizes.slice(start, start + variantCount) }];
  }
  const colorCount = 2;
  const sizeCount = Math.ceil(variantCount / colorCount);
  const start = rng.int(0, Math.max(0, sizes.length - sizeCount));
  return [
    { name: "Size", values: sizes.slice(start, start + sizeCount) },
    { name: "Color", values: rng.sample(COLORS, colorCount) },
  ];
}

function combinations(axes: { values: string[] }[]): string[][] {
  return axes.reduce<string[][]>(
    (acc, axis) => acc.flatMap((prefix) => axis.values.map((value) => [...prefix, value])),
    [[]],
  );
}

const PRODUCT_METAFIELDS: ((rng: Rng, material: string) => Omit<MetafieldRecord, "id" | "createdAt" | "updatedAt">)[] = [
  (_rng, material) => ({ namespace: "custom", key: "material", type: "single_line_text_field", value: material }),
  (rng) => ({
    namespace: "custom",
    key: "care_guide",
    type: "multi_line_text_field",
    value: rng.pick(["Machine wash cold.\nTumble dry low.", "Hand wash only.\nDry flat.", "Wipe clean with a damp cloth."]),
  }),
  (rng) => ({ namespace: "specs", key: "weight_grams", type: "number_integer", value: String(rng.int(40, 2400)) }),
  (rng) => ({ namespace: "reviews", key: "rating", type: "number_decimal", value: (3 + rng.next() * 2).toFixed(1) }),
  (rng) => ({ namespace: "custom", key: "made_to_order", type: "boolean", value: String(rng.bool(0.2)) }),
];

function describe(rng: Rng, title: string, material: string, spec: NounSpec): string {
  const opener = rng.pick([
    `Meet the ${title}: a ${spec.noun.toLowerCase()} you will reach for every day.`,
    `Our ${material.toLowerCase()} ${spec.noun.toLowerCase()}, made in small batches and built to last.`,
    `The ${spec.noun.toLowerCase()} we always wanted, in ${material.toLowerCase()} that gets better with age.`,
  ]);
  const points = rng.sample(
    [
      `${material} sourced from certified suppliers`,
      "Designed in-house, made by a family-run workshop",
      "Ships in plastic-free packaging",
      "Free repairs for the first year",
      "Pre-washed for a soft hand-feel",
      "Tested for everyday wear",
    ],
    rng.int(2, 4),
  );
  return `<p>${opener}</p>\n<ul>${points.map((p) => `<li>${p}</li>`).join("")}</ul>`;
}

/** Seeded product `index` (0-based), as it was at seeding time. */
export function generateProduct(core: StoreCore, index: number, handle: string): ProductRecord {
  const rng = core.rngFor("product", index);
  const { title, spec, material } = titleParts(core, index);
  const id = PRODUCT_BASE + index;
  const seededAt = core.seededAt().getTime();
  const createdMs = seededAt - rng.int(1, 3 * 365) * DAY - rng.int(0, DAY);
  const createdAt = isoBetween(rng, createdMs, createdMs + 1000);
  const updatedAt = isoBetween(rng, createdMs + 1000, seededAt - 60_000);
  const statusRoll = rng.next();
  const status: ProductStatus = statusRoll < 0.8 ? "ACTIVE" : statusRoll < 0.95 ? "DRAFT" : "ARCHIVED";
  const vendor = rng.pick(VENDORS);
  const tags = [...new Set([...rng.sample(TAGS, rng.int(0, 4)), spec.type.toLowerCase()])].sort();
  const maxVariants = Math.min(core.preset.maxVariantsPerProduct, VARIANT_BLOCK);
  const variantCount = rng.bool(0.3) ? 1 : rng.int(1, maxVariants);
  const axes = optionAxes(spec, rng, variantCount);
  const options: OptionRecord[] = axes.slice(0, OPTION_BLOCK).map((axis, o) => ({
    id: OPTION_BASE + index * OPTION_BLOCK + o,
    name: axis.name,
    position: o + 1,
    values: axis.values.map((name, v) => ({
      id: OPTION_VALUE_BASE + index * OPTION_VALUE_BLOCK + o * 16 + v,
      name,
    })),
  }));
  const basePrice = retailPrice(rng, spec.price);
  const onSale = rng.bool(0.25);
  const vendorCode = slugify(vendor).replace(/-/g, "").slice(0, 3).toUpperCase();
  let metafieldSlot = 0;
  const metafieldId = () => METAFIELD_BASE + index * METAFIELD_BLOCK + metafieldSlot++;
  const variants: VariantRecord[] = combinations(axes)
    .slice(0, variantCount)
    .map((values, v) => {
      const bump = values.includes("XXL") || values.includes("12") ? 5 : 0;
      const price = basePrice + bump;
      const code = values.map((value) => slugify(value).toUpperCase().slice(0, 3)).join("-");
      const variantMetafields: MetafieldRecord[] = rng.bool(0.1)
        ? [{ id: metafieldId(), namespace: "custom", key: "fit_note", type: "single_line_text_field", value: rng.pick(["Runs small", "True to size", "Runs large"]), createdAt, updatedAt }]
        : [];
      return {
        id: VARIANT_BASE + index * VARIANT_BLOCK + v,
        title: values.join(" / "),
        position: v + 1,
        price: money(price),
        compareAtPrice: onSale ? money(Math.round(price * (1.2 + rng.next() * 0.3))) : null,
        sku: rng.bool(0.95) ? `${vendorCode}-${String(index + 1).padStart(6, "0")}${values[0] === "Default Title" ? "" : `-${code}`}` : null,
        barcode: rng.bool(0.6) ? String(rng.int(100000, 999999)) + String(rng.int(100000, 999999)) : null,
        selectedOptions: values.map((value, o) => ({ name: axes[o].name, value })),
        inventoryPolicy: rng.bool(0.1) ? "CONTINUE" : "DENY",
        taxable: rng.bool(0.9),
        tracked: rng.bool(0.9),
        requiresShipping: spec.type !== "Gift Cards",
        weightGrams: rng.int(40, 2400),
        unitCost: rng.bool(0.5) ? money(price * (0.3 + rng.next() * 0.2)) : null,
        metafields: variantMetafields,
        createdAt,
        updatedAt,
      };
    });
  const mediaCount = rng.bool(0.15) ? 0 : rng.int(1, Math.min(4, MEDIA_BLOCK));
  const media = Array.from({ length: mediaCount }, (_, m) => {
    const width = rng.int(40, 180);
    const height = rng.int(40, 180);
    const mediaId = MEDIA_BASE + index * MEDIA_BLOCK + m;
    return {
      id: mediaId,
      alt: rng.bool(0.7) ? `${title}${m === 0 ? "" : ` - view ${m + 1}`}` : null,
      width,
      height,
      path: `images/${mediaId}-${width}x${height}.png`,
      fileSize: -1,
      mimeType: "image/png",
      status: "READY" as const,
      createdAt,
      updatedAt: createdAt,
    };
  });
  const metafields: MetafieldRecord[] = rng
    .sample(PRODUCT_METAFIELDS, rng.int(0, 3))
    .map((make) => ({ id: metafieldId(), ...make(rng, material), createdAt, updatedAt }));
  const customSeo = rng.bool(0.3);
  return {
    id,
    title,
    handle,
    descriptionHtml: describe(rng, title, material, spec),
    vendor,
    productType: spec.type,
    tags,
    status,
    seo: customSeo
      ? { title: `${title} | ${vendor}`, description: `Shop the ${title} from ${vendor}. Free shipping over $75.` }
      : { title: null, description: null },
    templateSuffix: rng.bool(0.1) ? "featured" : null,
    options,
    variants,
    media,
    metafields,
    createdAt,
    updatedAt,
    publishedAt: status === "ACTIVE" ? createdAt : null,
  };
}

/** Custom collections seeded product `index` belongs to (explicit membership). */
export function seededMembership(core: StoreCore, index: number): number[] {
  const count = core.preset.customCollections;
  if (count === 0) return [];
  const rng = core.rngFor("membership", index);
  const roll = rng.next();
  const picks = roll < 0.4 ? 0 : roll < 0.85 ? 1 : 2;
  const all = Array.from({ length: count }, (_, c) => c);
  return rng
    .sample(all, picks)
    .sort((a, b) => a - b)
    .map((c) => COLLECTION_BASE + c);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function smartRules(index: number): { title: string; disjunctive: boolean; rules: CollectionRule[] } {
  const simple: { title: string; disjunctive: boolean; rules: CollectionRule[] }[] = [
    { title: "All Shirts", disjunctive: false, rules: [{ column: "TYPE", relation: "EQUALS", condition: "Shirts" }] },
    { title: "On Sale", disjunctive: false, rules: [{ column: "TAG", relation: "EQUALS", condition: "sale" }] },
    { title: "Under $50", disjunctive: false, rules: [{ column: "VARIANT_PRICE", relation: "LESS_THAN", condition: "50" }] },
    { title: "Sale or Clearance", disjunctive: true, rules: [
      { column: "TAG", relation: "EQUALS", condition: "sale" },
      { column: "TAG", relation: "EQUALS", condition: "clearance" },
    ] },
    { title: "Harbor & Pine", disjunctive: false, rules: [{ column: "VENDOR", relation: "EQUALS", condition: "Harbor & Pine" }] },
    { title: "Gifts Under $40", disjunctive: false, rules: [
      { column: "TAG", relation: "EQUALS", condition: "gift" },
      { column: "VARIANT_PRICE", relation: "LESS_THAN", condition: "40" },
    ] },
    { title: "All Footwear", disjunctive: false, rules: [{ column: "TYPE", relation: "EQUALS", condition: "Footwear" }] },
    { title: "Linen Everything", disjunctive: false, rules: [{ column: "TITLE", relation: "CONTAINS", condition: "Linen" }] },
  ];
  if (index < simple.length) return simple[index];
  const k = index - simple.length;
  const type = PRODUCT_TYPES[k % PRODUCT_TYPES.length];
  const tag = TAGS[Math.floor(k / PRODUCT_TYPES.length) % TAGS.length];
  const round = Math.floor(k / (PRODUCT_TYPES.length * TAGS.length));
  return {
    title: `${capitalise(tag)} ${type}${round > 0 ? ` ${round + 1}` : ""}`,
    disjunctive: false,
    rules: [
      { column: "TYPE", relation: "EQUALS", condition: type },
      { column: "TAG", relation: "EQUALS", condition: tag },
    ],
  };
}

/** Seeded collection `index`: the first `customCollections` are custom, the rest smart. */
export function generateCollection(core: StoreCore, index: number): CollectionRecord {
  const rng = core.rngFor("collection", index);
  const customCount = core.preset.customCollections;
  const smart = index >= customCount;
  const seededAt = core.seededAt().getTime();
  const updatedAt = isoBetween(rng, seededAt - 400 * DAY, seededAt - 60_000);
  let title: string;
  let ruleSet: CollectionRecord["ruleSet"] = null;
  if (smart) {
    const spec = smartRules(index - customCount);
    title = spec.title;
    ruleSet = { appliedDisjunctively: spec.disjunctive, rules: spec.rules };
  } else {
    const round = Math.floor(index / COLLECTION_NAMES.length);
    title = `${COLLECTION_NAMES[index % COLLECTION_NAMES.length]}${round > 0 ? ` ${round + 1}` : ""}`;
  }
  return {
    id: COLLECTION_BASE + index,
    kind: smart ? "smart" : "custom",
    title,
    handle: slugify(title),
    descriptionHtml: `<p>${rng.pick(["Hand-picked by our team.", "Our favourites, updated weekly.", "Everything you need, nothing you don't.", "Limited runs and small batches."])}</p>`,
    sortOrder: smart ? rng.pick(["BEST_SELLING", "CREATED_DESC", "PRICE_ASC"]) : "MANUAL",
    templateSuffix: null,
    seo: { title: null, description: null },
    ruleSet,
    image: null,
    metafields: [],
    updatedAt,
    publishedAt: updatedAt,
  };
}

const LOCATION_NAMES = ["Main Warehouse", "Downtown Store", "East Coast Fulfillment", "Pop-up Shop", "Returns Center"];

/** Seeded location `index`; index 0 is the primary (default) location. */
export function generateLocation(core: StoreCore, index: number): LocationRecord {
  const rng = core.rngFor("location", index);
  const place = rng.pick(CITIES);
  const createdAt = isoBetween(rng, core.seededAt().getTime() - 4 * 365 * DAY, core.seededAt().getTime() - 400 * DAY);
  const round = Math.floor(index / LOCATION_NAMES.length);
  return {
    id: LOCATION_BASE + index,
    index,
    name: `${LOCATION_NAMES[index % LOCATION_NAMES.length]}${round > 0 ? ` ${round + 1}` : ""}`,
    address: {
      address1: `${rng.int(100, 2999)} ${place.street}`,
      address2: rng.bool(0.3) ? `Suite ${rng.int(100, 500)}` : null,
      city: place.city,
      province: place.province,
      provinceCode: place.provinceCode,
      country: "United States",
      countryCode: "US",
      zip: place.zip,
      phone: `+1${rng.int(200, 989)}555${String(rng.int(0, 9999)).padStart(4, "0")}`,
    },
    fulfillsOnlineOrders: index === 0 || rng.bool(0.6),
    createdAt,
    updatedAt: createdAt,
    metafields: [],
  };
}

/** Whether seeded inventory item `itemId` is stocked at location `locationIndex`. */
export function seededStocked(core: StoreCore, itemId: number, locationIndex: number): boolean {
  // Every item is stocked at the primary location, as Shopify does for new variants.
  return locationIndex === 0 || hashString(`${core.seed}:stock:${itemId}:${locationIndex}`) % 100 < 55;
}

/** Quantities of a seeded inventory level. */
export function seededQuantities(core: StoreCore, itemId: number, locationIndex: number): LevelQuantities {
  const rng = core.rngFor("level", itemId * 100 + locationIndex);
  const roll = rng.next();
  const seededAt = core.seededAt().getTime();
  return {
    available: roll < 0.1 ? 0 : roll < 0.85 ? rng.int(1, 120) : rng.int(120, 600),
    committed: rng.bool(0.3) ? rng.int(1, 5) : 0,
    incoming: rng.bool(0.2) ? rng.int(10, 100) : 0,
    reserved: rng.bool(0.05) ? 1 : 0,
    damaged: rng.bool(0.05) ? rng.int(1, 3) : 0,
    safety_stock: 0,
    quality_control: 0,
    updatedAt: isoBetween(rng, seededAt - 90 * DAY, seededAt - 60_000),
  };
}
