/** Seed templates: realistic metaobject definitions (with value generators) and metafield definitions. */
import type { Rng } from "../core";
import { FIRST_NAMES, LAST_NAMES, productPhrase } from "../content/text";

export interface Validation {
  name: string;
  value: string;
}

export interface FieldDefinitionRecord {
  key: string;
  name: string;
  type: string;
  required: boolean;
  description: string | null;
  validations: Validation[];
}

interface FieldTemplate extends FieldDefinitionRecord {
  /** A plausible value for seeded entry `j`, or null to leave the field empty. */
  generate: (rng: Rng, j: number) => string | null;
}

export interface DefinitionTemplate {
  type: string;
  name: string;
  description: string;
  displayNameKey: string | null;
  publishable: boolean;
  onlineStore: boolean;
  fields: FieldTemplate[];
}

const COUNTRIES = ["France", "Italy", "Japan", "Portugal", "United States"];
const richText = (text: string) => JSON.stringify({ type: "root", children: [{ type: "paragraph", children: [{ type: "text", value: text }] }] });
const field = (key: string, name: string, type: string, generate: FieldTemplate["generate"], extra: Partial<FieldDefinitionRecord> = {}): FieldTemplate => ({
  key,
  name,
  type,
  required: false,
  description: null,
  validations: [],
  generate,
  ...extra,
});

export const DEFINITION_TEMPLATES: DefinitionTemplate[] = [
  {
    type: "designer",
    name: "Designer",
    description: "The people behind our collections.",
    displayNameKey: "name",
    publishable: true,
    onlineStore: true,
    fields: [
      field("name", "Name", "single_line_text_field", (rng) => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, { required: true }),
      field("bio", "Biography", "multi_line_text_field", (rng) => `Trained in ${rng.pick(COUNTRIES)}.\nDesigns ${productPhrase(rng).toLowerCase()} pieces.`),
      field("website", "Website", "url", (rng, j) => (rng.bool(0.6) ? `https://designer-${j + 1}.example.com` : null)),
      field("founded", "Studio founded", "number_integer", (rng) => String(rng.int(1965, 2024)), { validations: [{ name: "min", value: "1800" }] }),
      field("country", "Country", "single_line_text_field", (rng) => rng.pick(COUNTRIES), { validations: [{ name: "choices", value: JSON.stringify(COUNTRIES) }] }),
    ],
  },
  {
    type: "faq",
    name: "FAQ",
    description: "Questions shown on product and help pages.",
    displayNameKey: "question",
    publishable: true,
    onlineStore: false,
    fields: [
      field("question", "Question", "single_line_text_field", (rng, j) => `${rng.pick(["How do I care for", "Where is", "Can I return", "How long does shipping take for"])} ${productPhrase(rng).toLowerCase()} (#${j + 1})?`, { required: true }),
      field("answer", "Answer", "rich_text_field", (rng) => richText(`${rng.pick(["Yes", "Usually", "Within 5 days"])}: see our care guide for details.`), { required: true }),
      field("position", "Position", "number_integer", (_rng, j) => String(j + 1)),
    ],
  },
  {
    type: "store_location",
    name: "Store location",
    description: "Physical shops and stockists.",
    displayNameKey: "name",
    publishable: false,
    onlineStore: false,
    fields: [
      field("name", "Name", "single_line_text_field", (rng, j) => `${rng.pick(["Studio", "Shop", "Pop-up"])} ${rng.pick(["Lisbon", "Lyon", "Osaka", "Brooklyn", "Turin"])} ${j + 1}`, { required: true }),
      field("address", "Address", "multi_line_text_field", (rng) => `${rng.int(1, 200)} ${rng.pick(["Rue Oberkampf", "Via Roma", "Bedford Ave", "Rua Augusta"])}\n${rng.int(10000, 99999)}`, { required: true }),
      field("phone", "Phone", "single_line_text_field", (rng) => `+33 1 ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`),
      field("opening_hours", "Opening hours", "json", (rng) => JSON.stringify({ mon_fri: `${rng.int(8, 10)}:00-19:00`, sat: "10:00-18:00", sun: null })),
      field("accent", "Accent colour", "color", (rng) => `#${rng.int(0, 0xffffff).toString(16).padStart(6, "0")}`),
    ],
  },
  {
    type: "size_chart",
    name: "Size chart",
    description: "Measurements per size.",
    displayNameKey: "title",
    publishable: false,
    onlineStore: false,
    fields: [
      field("title", "Title", "single_line_text_field", (rng, j) => `${productPhrase(rng)} sizes ${j + 1}`, { required: true }),
      field("unit", "Unit", "single_line_text_field", (rng) => rng.pick(["cm", "in"]), { validations: [{ name: "choices", value: JSON.stringify(["cm", "in"]) }] }),
      field("measurements", "Measurements", "json", (rng) => JSON.stringify(["XS", "S", "M", "L", "XL"].map((size, i) => ({ size, chest: 80 + i * 6 + rng.int(0, 2), waist: 64 + i * 6 })))),
    ],
  },
  {
    type: "testimonial",
    name: "Testimonial",
    description: "Customer quotes for the home page.",
    displayNameKey: "author",
    publishable: true,
    onlineStore: false,
    fields: [
      field("author", "Author", "single_line_text_field", (rng) => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES).charAt(0)}.`, { required: true }),
      field("quote", "Quote", "multi_line_text_field", (rng) => `The ${productPhrase(rng).toLowerCase()} exceeded my expectations.`, { required: true }),
      field("rating", "Rating", "rating", (rng) => JSON.stringify({ value: String(rng.int(3, 5)), scale_min: "1", scale_max: "5" }), { validations: [{ name: "scale_min", value: "1" }, { name: "scale_max", value: "5" }] }),
      field("featured", "Featured", "boolean", (rng) => String(rng.bool(0.3))),
      field("published_on", "Published on", "date", (rng) => `202${rng.int(3, 6)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`),
    ],
  },
  {
    type: "ingredient",
    name: "Ingredient",
    description: "Ingredients listed on product pages.",
    displayNameKey: "name",
    publishable: false,
    onlineStore: false,
    fields: [
      field("name", "Name", "single_line_text_field", (rng, j) => `${rng.pick(["Shea butter", "Oat extract", "Jojoba oil", "Aloe vera", "Green tea"])} ${j + 1}`, { required: true }),
      field("description", "Description", "multi_line_text_field", () => "Sourced from certified organic farms."),
      field("allergen", "Allergen", "boolean", (rng) => String(rng.bool(0.1))),
      field("weight", "Weight per unit", "weight", (rng) => JSON.stringify({ value: rng.int(1, 50), unit: "GRAMS" })),
    ],
  },
];

export interface MetafieldDefinitionSeed {
  ownerType: string;
  namespace: string;
  key: string;
  name: string;
  type: string;
  description: string | null;
  validations: Validation[];
  pinned: boolean;
}

/** Metafield definitions a typical shop has; `designerDefinitionGid` is the designer metaobject definition. */
export function metafieldDefinitionSeeds(designerDefinitionGid: string | null): MetafieldDefinitionSeed[] {
  const seed = (ownerType: string, namespace: string, key: string, name: string, type: string, validations: Validation[] = [], pinned = false): MetafieldDefinitionSeed => ({ ownerType, namespace, key, name, type, description: null, validations, pinned });
  return [
    seed("PRODUCT", "custom", "care_instructions", "Care instructions", "multi_line_text_field", [], true),
    seed("PRODUCT", "custom", "material", "Material", "single_line_text_field", [{ name: "choices", value: JSON.stringify(["Cotton", "Linen", "Wool", "Leather", "Ceramic"]) }], true),
    ...(designerDefinitionGid ? [seed("PRODUCT", "custom", "designer", "Designer", "metaobject_reference", [{ name: "metaobject_definition_id", value: designerDefinitionGid }], true)] : []),
    seed("PRODUCT", "specs", "weight_grams", "Weight (g)", "number_integer", [{ name: "min", value: "0" }]),
    seed("PRODUCTVARIANT", "custom", "supplier_code", "Supplier code", "single_line_text_field"),
    seed("COLLECTION", "custom", "banner_text", "Banner text", "single_line_text_field", [{ name: "max", value: "80" }]),
    seed("CUSTOMER", "custom", "birthday", "Birthday", "date"),
    seed("CUSTOMER", "custom", "loyalty_tier", "Loyalty tier", "single_line_text_field", [{ name: "choices", value: JSON.stringify(["Bronze", "Silver", "Gold"]) }], true),
    seed("ORDER", "custom", "gift_message", "Gift message", "multi_line_text_field"),
    seed("PAGE", "custom", "subtitle", "Subtitle", "single_line_text_field"),
    seed("ARTICLE", "custom", "reading_time", "Reading time (min)", "number_integer", [{ name: "min", value: "1" }]),
  ];
}
