/**
 * Seeded customer records: record i is a pure function of (seed, i), so the
 * `large` preset's 200k customers are never held in memory at once.
 */
import type { StoreCore } from "../core";
import { seededAddress, type AddressRecord } from "./addresses";
import type { MetafieldRecord } from "./metafields";
import { customerCreatedMs, customerUpdatedMs, iso } from "./timeline";

export const CUSTOMER_ID_BASE = 7_300_000_000_000;
export const CUSTOMER_ADDRESS_ID_BASE = 8_100_000_000_000;
export const CUSTOMER_METAFIELD_ID_BASE = 26_000_000_000_000;
/** Seeded customers have at most this many addresses / metafields (id slots per customer). */
const SLOTS = 4;

export type CustomerState = "ENABLED" | "DISABLED" | "INVITED" | "DECLINED";

export interface EmailConsent {
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
}

export interface SmsConsent extends EmailConsent {
  consentCollectedFrom: string | null;
}

export interface CustomerRecord {
  id: number;
  /** Seeded index, or null for customers created through the API. */
  index: number | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  note: string | null;
  state: CustomerState;
  verifiedEmail: boolean;
  taxExempt: boolean;
  taxExemptions: string[];
  locale: string;
  addresses: AddressRecord[];
  defaultAddressId: number | null;
  emailMarketingConsent: EmailConsent | null;
  smsMarketingConsent: SmsConsent | null;
  metafields: MetafieldRecord[];
  createdAt: string;
  updatedAt: string;
}

export const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sophia", "Lucas", "Mia", "Ethan", "Amelia", "Leo",
  "Chloé", "Hiroshi", "Aisha", "Santiago", "Priya", "Jonas", "Zoë", "Kwame", "Ingrid", "Rafael", "Mei", "Oscar",
];
export const LAST_NAMES = [
  "Martin", "Nguyen", "Smith", "García", "Müller", "Johnson", "Brown", "Okafor", "Tanaka", "Rossi", "Dubois",
  "Kowalski", "Andersson", "Patel", "O'Brien", "Silva", "Kim", "Lefebvre", "Walker", "Hughes",
];
const EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com"];
const TAGS = ["vip", "wholesale", "newsletter", "repeat-buyer", "returns-risk", "local-pickup", "b2b", "gift-buyer"];
const NOTES = [
  "Prefers delivery after 5pm.",
  "Wholesale account: net 30 terms agreed by phone.",
  "Asked not to receive paper catalogues.",
  "Allergic to lanolin: check product materials before recommending.",
];
const LOCALES = ["en", "en", "en", "en-CA", "fr", "de", "en-GB"];
const AREA_CODES = ["503", "512", "718", "303", "510", "312", "613", "604"];

/** ASCII, lower-case form of a name for an email local part. */
function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

/**
 * Seeded emails embed the index (olivia.martin417@example.com) so that
 * "which seeded customer owns this email" is answered without a 200k index.
 */
export function seededIndexFromEmail(email: string): number | undefined {
  const match = /^[a-z]+\.[a-z]+(\d+)@/.exec(email);
  return match ? Number(match[1]) : undefined;
}

/** Seeded phones are +1 <area> 2xxxxxx with the index in the last digits, for the same reason. */
export function seededIndexFromPhone(phone: string): number | undefined {
  const match = /^\+1\d{3}(\d{7})$/.exec(phone);
  return match ? Number(match[1]) - 2_000_000 : undefined;
}

/** Name, email and id of seeded customer i without building the whole record. */
export function seededIdentity(core: StoreCore, i: number): { id: number; firstName: string; lastName: string; email: string } {
  const rng = core.rngFor("Customer", i);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const email = `${slug(firstName)}.${slug(lastName)}${i}@${rng.pick(EMAIL_DOMAINS)}`;
  return { id: CUSTOMER_ID_BASE + i, firstName, lastName, email };
}

/** Seeded customer i, built from its own random stream. */
export function seededCustomer(core: StoreCore, i: number): CustomerRecord {
  const { id, firstName, lastName, email } = seededIdentity(core, i);
  const rng = core.rngFor("Customer", i);
  // Skip the draws seededIdentity made so the rest of the record follows them.
  rng.next();
  rng.next();
  rng.next();
  const preset = core.preset;
  const seededAt = core.seededAt().getTime();
  const createdMs = customerCreatedMs(core.seed, i, preset.customers, preset.orders, seededAt);
  const updatedMs = customerUpdatedMs(core.seed, i, preset.customers, preset.orders, seededAt);
  const phone = rng.bool(0.6) ? `+1${rng.pick(AREA_CODES)}${2_000_000 + i}` : null;
  const addressCount = rng.bool(0.85) ? rng.int(1, 3) : 0;
  const addresses: AddressRecord[] = [];
  for (let k = 0; k < addressCount; k++) {
    addresses.push(seededAddress(rng, CUSTOMER_ADDRESS_ID_BASE + i * SLOTS + k, firstName, lastName, k === 0 ? phone : null));
  }
  const subscribed = rng.bool(0.45);
  const consentAt = iso(createdMs);
  const metafields: MetafieldRecord[] = [];
  if (rng.bool(0.3)) {
    metafields.push({
      id: CUSTOMER_METAFIELD_ID_BASE + i * SLOTS,
      namespace: "custom",
      key: "loyalty_tier",
      type: "single_line_text_field",
      value: rng.pick(["bronze", "silver", "gold", "platinum"]),
      createdAt: consentAt,
      updatedAt: consentAt,
    });
  }
  if (rng.bool(0.2)) {
    const birthday = `${rng.int(1950, 2004)}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
    metafields.push({
      id: CUSTOMER_METAFIELD_ID_BASE + i * SLOTS + 1,
      namespace: "facts",
      key: "birth_date",
      type: "date",
      value: birthday,
      createdAt: consentAt,
      updatedAt: consentAt,
    });
  }
  const stateRoll = rng.next();
  return {
    id,
    index: i,
    firstName,
    lastName,
    email,
    phone,
    tags: rng.sample(TAGS, rng.int(0, 3)).sort(),
    note: rng.bool(0.15) ? rng.pick(NOTES) : null,
    // Most shops' customers never activate an account (DISABLED is Shopify's default).
    state: stateRoll < 0.6 ? "DISABLED" : stateRoll < 0.9 ? "ENABLED" : stateRoll < 0.97 ? "INVITED" : "DECLINED",
    verifiedEmail: rng.bool(0.9),
    taxExempt: rng.bool(0.03),
    taxExemptions: [],
    locale: rng.pick(LOCALES),
    addresses,
    defaultAddressId: addresses[0]?.id ?? null,
    emailMarketingConsent: {
      marketingState: subscribed ? "SUBSCRIBED" : rng.pick(["NOT_SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED"]),
      marketingOptInLevel: subscribed ? rng.pick(["SINGLE_OPT_IN", "CONFIRMED_OPT_IN"]) : "SINGLE_OPT_IN",
      consentUpdatedAt: subscribed ? consentAt : null,
    },
    smsMarketingConsent: phone
      ? {
          marketingState: rng.bool(0.2) ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
          marketingOptInLevel: "SINGLE_OPT_IN",
          consentUpdatedAt: consentAt,
          consentCollectedFrom: "SHOPIFY",
        }
      : null,
    metafields,
    createdAt: iso(createdMs),
    updatedAt: iso(updatedMs),
  };
}
