/**
 * customerCreate / customerUpdate / customerDelete / customerSet with
 * Shopify's semantics: all input is validated first and any userError means
 * nothing is written (no partial writes); each write emits its webhook topic.
 * Error messages follow the ones Shopify returns for the same mistakes
 * ("Email has already been taken", "Phone is invalid", …); where the exact
 * wording is not documented the message is marked approximate below.
 */
import { gid, parseGid, SimUserError, type UserError } from "../core";
import { addressFromInput, type AddressInput } from "./addresses";
import { CUSTOMER_ADDRESS_ID_BASE, CUSTOMER_METAFIELD_ID_BASE, type CustomerRecord, type EmailConsent, type SmsConsent } from "./data";
import { applyMetafieldInputs, type MetafieldInput } from "./metafields";
import { customerRestPayload } from "./node";
import { iso } from "./timeline";
import type { CustomerStore } from "./store";

/** The union of CustomerInput and CustomerSetInput fields the simulator applies. */
export interface CustomerFieldsInput {
  id?: string | null;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  note?: string | null;
  locale?: string | null;
  tags?: string[] | null;
  taxExempt?: boolean | null;
  taxExemptions?: string[] | null;
  addresses?: AddressInput[] | null;
  metafields?: MetafieldInput[] | null;
  emailMarketingConsent?: { marketingState: string; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null } | null;
  smsMarketingConsent?: { marketingState: string; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null } | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Normalises a phone number to E.164 the way Shopify does for a US shop; undefined if invalid. */
export function normalizePhone(raw: string): string | undefined {
  let phone = raw.replace(/[\s\-().]/g, "");
  if (phone.startsWith("00")) phone = `+${phone.slice(2)}`;
  if (/^\d{10}$/.test(phone)) phone = `+1${phone}`;
  return /^\+[1-9]\d{7,14}$/.test(phone) ? phone : undefined;
}

function idOf(value: string | null | undefined, type: string): number | undefined {
  if (!value) return undefined;
  const parsed = parseGid(value);
  return parsed && parsed.type === type && /^\d+$/.test(parsed.id) ? Number(parsed.id) : undefined;
}

/**
 * Builds the next record from `base` (undefined when creating) and `input`.
 * `prefix` is the userErrors field prefix (["input"] for customerSet).
 */
function buildRecord(
  store: CustomerStore,
  base: CustomerRecord | undefined,
  id: number,
  input: CustomerFieldsInput,
  prefix: string[],
): { record?: CustomerRecord; errors: UserError[] } {
  const errors: UserError[] = [];
  const field = (name: string) => [...prefix, name];
  let email = base?.email ?? null;
  if (input.email !== undefined) {
    email = input.email?.trim() ? input.email.trim() : null;
    if (email && !EMAIL.test(email)) {
      errors.push({ field: field("email"), message: "Email is invalid", code: "INVALID" });
    } else if (email) {
      const owner = store.findByEmail(email);
      if (owner !== undefined && owner !== id) {
        errors.push({ field: field("email"), message: "Email has already been taken", code: "TAKEN" });
      }
    }
  }
  let phone = base?.phone ?? null;
  if (input.phone !== undefined) {
    phone = null;
    if (input.phone?.trim()) {
      phone = normalizePhone(input.phone) ?? null;
      if (!phone) {
        errors.push({ field: field("phone"), message: "Phone is invalid", code: "INVALID" });
      } else {
        const owner = store.findByPhone(phone);
        if (owner !== undefined && owner !== id) {
          errors.push({ field: field("phone"), message: "Phone has already been taken", code: "TAKEN" });
        }
      }
    }
  }
  for (const name of ["firstName", "lastName"] as const) {
    if ((input[name]?.length ?? 0) > 255) {
      errors.push({ field: field(name), message: `${name === "firstName" ? "First" : "Last"} name is too long (maximum is 255 characters)`, code: "TOO_LONG" });
    }
  }
  const firstName = input.firstName !== undefined ? input.firstName || null : (base?.firstName ?? null);
  const lastName = input.lastName !== undefined ? input.lastName || null : (base?.lastName ?? null);
  if (!base && !email && !phone && !firstName && !lastName && errors.length === 0) {
    // Approximate wording; Shopify requires at least one of these on create.
    errors.push({ field: null, message: "A name, phone number, or email address must be present", code: "BLANK" });
  }
  const tags = input.tags != null ? normalizeTags(input.tags) : (base?.tags ?? []);
  if (tags.some((tag) => tag.length > 255)) {
    errors.push({ field: field("tags"), message: "Tags is too long (maximum is 255 characters)", code: "TOO_LONG" });
  }
  if (input.emailMarketingConsent && !email) {
    // Shopify: the email field is required when setting email marketing consent (approximate wording).
    errors.push({ field: field("emailMarketingConsent"), message: "An email address is required to set email marketing consent", code: "INVALID" });
  }
  if (input.smsMarketingConsent && !phone) {
    errors.push({ field: field("smsMarketingConsent"), message: "A phone number is required to set SMS marketing consent", code: "INVALID" });
  }
  if (errors.length) return { errors };

  const now = iso(store.core.now());
  let metafields = base?.metafields ?? [];
  if (input.metafields?.length) {
    const firstFree = CUSTOMER_METAFIELD_ID_BASE + store.seededCount * 4;
    const applied = applyMetafieldInputs(metafields, input.metafields, field("metafields"), () => store.core.allocateId("CustomerMetafield", firstFree), now);
    if (applied.errors.length) return { errors: applied.errors };
    metafields = applied.records;
  }
  let addresses = base?.addresses ?? [];
  let defaultAddressId = base?.defaultAddressId ?? null;
  if (input.addresses != null) {
    // A list input replaces the customer's addresses; the first becomes the default.
    const firstFree = CUSTOMER_ADDRESS_ID_BASE + store.seededCount * 4;
    addresses = input.addresses.map((a) => addressFromInput(store.core.allocateId("CustomerAddress", firstFree), a));
    defaultAddressId = addresses[0]?.id ?? null;
  }
  const consent = <T extends EmailConsent>(given: CustomerFieldsInput["emailMarketingConsent"], current: T | null, extra: Partial<T>): T | null =>
    given
      ? ({
          ...extra,
          marketingState: given.marketingState,
          marketingOptInLevel: given.marketingOptInLevel ?? "SINGLE_OPT_IN",
          consentUpdatedAt: given.consentUpdatedAt ?? now,
        } as T)
      : current;
  const record: CustomerRecord = {
    id,
    index: base?.index ?? null,
    firstName,
    lastName,
    email,
    phone,
    tags,
    note: input.note !== undefined ? input.note || null : (base?.note ?? null),
    state: base?.state ?? "DISABLED",
    verifiedEmail: base ? base.verifiedEmail && email === base.email : email !== null,
    taxExempt: input.taxExempt ?? base?.taxExempt ?? false,
    taxExemptions: input.taxExemptions ?? base?.taxExemptions ?? [],
    locale: input.locale ?? base?.locale ?? "en",
    addresses,
    defaultAddressId,
    emailMarketingConsent: consent<EmailConsent>(input.emailMarketingConsent, base?.emailMarketingConsent ?? (email ? { marketingState: "NOT_SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: null } : null), {}),
    smsMarketingConsent: consent<SmsConsent>(input.smsMarketingConsent, base?.smsMarketingConsent ?? null, { consentCollectedFrom: "OTHER" }),
    metafields,
    createdAt: base?.createdAt ?? now,
    updatedAt: now,
  };
  return { record, errors };
}

/** Trims, drops empties and case-insensitive duplicates (Shopify tags are case-insensitive). */
function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags.flatMap((t) => t.split(","))) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

export interface CustomerWriteResult {
  record?: CustomerRecord;
  errors: UserError[];
}

/** customerCreate. */
export function createCustomer(store: CustomerStore, input: CustomerFieldsInput, prefix: string[] = []): CustomerWriteResult {
  const errors: UserError[] = [];
  const built = buildRecord(store, undefined, -1, input, prefix);
  if (!built.record) return { errors: built.errors.length ? built.errors : errors };
  const record = { ...built.record, id: store.allocateCustomerId() };
  store.put(record);
  store.core.emit("customers/create", customerRestPayload(record));
  return { record, errors: [] };
}

/** customerUpdate (and customerSet's update path). */
export function updateCustomer(store: CustomerStore, id: number, input: CustomerFieldsInput, prefix: string[] = []): CustomerWriteResult {
  const base = store.get(id);
  if (!base) return { errors: [{ field: [...prefix, "id"], message: "Customer does not exist", code: "NOT_FOUND" }] };
  const built = buildRecord(store, base, id, input, prefix);
  if (!built.record) return { errors: built.errors };
  store.put(built.record);
  store.core.emit("customers/update", customerRestPayload(built.record));
  return { record: built.record, errors: [] };
}

/** customerDelete. */
export function deleteCustomer(store: CustomerStore, rawId: string): { deletedId?: string; errors: UserError[] } {
  const id = idOf(rawId, "Customer");
  const record = id === undefined ? undefined : store.get(id);
  if (id === undefined || !record) return { errors: [{ field: ["id"], message: "Customer can't be found" }] };
  if ((store.links?.orderIdsOf(record, false).length ?? 0) > 0) {
    // Shopify keeps customers who have orders (approximate wording).
    return { errors: [{ field: ["id"], message: "Customer can’t be deleted because they have associated orders" }] };
  }
  store.remove(id);
  store.core.emit("customers/delete", {
    id,
    phone: record.phone,
    addresses: [],
    tax_exemptions: [],
    email_marketing_consent: null,
    sms_marketing_consent: null,
    admin_graphql_api_id: gid("Customer", id),
  });
  return { deletedId: gid("Customer", id), errors: [] };
}

export interface CustomerSetIdentifiers {
  id?: string | null;
  email?: string | null;
  phone?: string | null;
  customId?: unknown;
}

/**
 * customerSet: no identifier creates; identifier.id updates; identifier.email
 * or .phone upserts by that unique key, which the input must repeat.
 */
export function setCustomer(store: CustomerStore, identifier: CustomerSetIdentifiers | null | undefined, input: CustomerFieldsInput): CustomerWriteResult {
  if (identifier?.customId) {
    throw new SimUserError("The simulator does not support customerSet by customId", "identifier");
  }
  const { id: legacyId, ...fields } = input;
  if (!identifier) {
    if (legacyId) {
      const id = idOf(legacyId, "Customer");
      if (id === undefined || !store.get(id)) return { errors: [{ field: ["input", "id"], message: "Resource matching the identifier was not found.", code: "NOT_FOUND" }] };
      return updateCustomer(store, id, fields, ["input"]);
    }
    return createCustomer(store, fields, ["input"]);
  }
  if (legacyId) {
    return { errors: [{ field: ["input", "id"], message: "The id field is not allowed if identifier is provided.", code: "ID_NOT_ALLOWED" }] };
  }
  if (identifier.id) {
    const id = idOf(identifier.id, "Customer");
    if (id === undefined || !store.get(id)) {
      return { errors: [{ field: ["identifier", "id"], message: "Resource matching the identifier was not found.", code: "NOT_FOUND" }] };
    }
    return updateCustomer(store, id, fields, ["input"]);
  }
  const key = identifier.email ? "email" : identifier.phone ? "phone" : undefined;
  if (!key) return { errors: [{ field: ["identifier"], message: "Identifier can't be blank", code: "BLANK" }] };
  const wanted = key === "email" ? identifier.email!.trim().toLowerCase() : normalizePhone(identifier.phone!);
  const given = fields[key];
  if (given == null || given === "") {
    return { errors: [{ field: ["input", key], message: "The input field corresponding to the identifier is required.", code: "MISSING_FIELD_REQUIRED" }] };
  }
  const givenNormalized = key === "email" ? given.trim().toLowerCase() : normalizePhone(given);
  if (!wanted || givenNormalized !== wanted) {
    return { errors: [{ field: ["input", key], message: "The identifier value does not match the value of the corresponding field in the input.", code: "INPUT_MISMATCH" }] };
  }
  const existing = key === "email" ? store.findByEmail(wanted) : store.findByPhone(wanted);
  return existing !== undefined ? updateCustomer(store, existing, fields, ["input"]) : createCustomer(store, fields, ["input"]);
}

/** Parses a Customer GID to its numeric id. */
export function customerIdOf(value: string | null | undefined): number | undefined {
  return idOf(value, "Customer");
}
