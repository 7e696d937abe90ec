/**
 * Mailing addresses shared by customers and orders: plausible seeded
 * addresses, conversion from `MailingAddressInput`, and the GraphQL
 * `MailingAddress` and REST address shapes.
 */
import { gid, type Rng } from "../core";

export interface AddressRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

interface CityEntry {
  city: string;
  province: string | null;
  provinceCode: string | null;
  /** Postal code pattern: each # becomes a random digit. */
  zip: string;
}

/** Plain data (no closures): built once, shared by every generated address. */
const CITIES: Record<string, { country: string; streets: string[]; cities: CityEntry[] }> = {
  US: {
    country: "United States",
    streets: ["Main St", "Oak Avenue", "Maple Drive", "Cedar Lane", "Elm Street", "Sunset Blvd", "Park Avenue", "2nd Street"],
    cities: [
      { city: "Portland", province: "Oregon", provinceCode: "OR", zip: "972##" },
      { city: "Austin", province: "Texas", provinceCode: "TX", zip: "787##" },
      { city: "Brooklyn", province: "New York", provinceCode: "NY", zip: "112##" },
      { city: "Denver", province: "Colorado", provinceCode: "CO", zip: "802##" },
      { city: "Oakland", province: "California", provinceCode: "CA", zip: "946##" },
      { city: "Chicago", province: "Illinois", provinceCode: "IL", zip: "606##" },
    ],
  },
  CA: {
    country: "Canada",
    streets: ["Queen St W", "Rue Sainte-Catherine", "Robson St", "Jasper Ave", "Barrington St"],
    cities: [
      { city: "Ottawa", province: "Ontario", provinceCode: "ON", zip: "K1P #B#" },
      { city: "Montréal", province: "Quebec", provinceCode: "QC", zip: "H2X #Y#" },
      { city: "Vancouver", province: "British Columbia", provinceCode: "BC", zip: "V6B #N#" },
    ],
  },
  GB: {
    country: "United Kingdom",
    streets: ["High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"],
    cities: [
      { city: "London", province: "England", provinceCode: "ENG", zip: "N# #AB" },
      { city: "Manchester", province: "England", provinceCode: "ENG", zip: "M# #HQ" },
      { city: "Edinburgh", province: "Scotland", provinceCode: "SCT", zip: "EH# #DL" },
    ],
  },
  DE: {
    country: "Germany",
    streets: ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee"],
    cities: [
      { city: "Berlin", province: null, provinceCode: null, zip: "10###" },
      { city: "Hamburg", province: null, provinceCode: null, zip: "20###" },
      { city: "München", province: null, provinceCode: null, zip: "80###" },
    ],
  },
  AU: {
    country: "Australia",
    streets: ["George St", "Collins St", "Queen St", "Hay St"],
    cities: [
      { city: "Sydney", province: "New South Wales", provinceCode: "NSW", zip: "20##" },
      { city: "Melbourne", province: "Victoria", provinceCode: "VIC", zip: "30##" },
    ],
  },
};

function fillDigits(rng: Rng, pattern: string): string {
  let out = "";
  for (const ch of pattern) out += ch === "#" ? String(rng.int(0, 9)) : ch;
  return out;
}

const COUNTRY_WEIGHTS = ["US", "US", "US", "US", "US", "CA", "CA", "GB", "GB", "DE", "AU"] as const;
const COMPANIES = ["Northwind Traders", "Acme Studio", "Blue Fern Design", "Harbor & Pine", "Copperleaf Co."];

/** A plausible address for a person, drawn from `rng` (same rng state, same address). */
export function seededAddress(rng: Rng, id: number, firstName: string, lastName: string, phone: string | null): AddressRecord {
  const code = rng.pick(COUNTRY_WEIGHTS);
  const entry = CITIES[code];
  const city = rng.pick(entry.cities);
  return {
    id,
    firstName,
    lastName,
    company: rng.bool(0.12) ? rng.pick(COMPANIES) : null,
    address1: `${rng.int(1, 2400)} ${rng.pick(entry.streets)}`,
    address2: rng.bool(0.2) ? `Apt ${rng.int(1, 40)}` : null,
    city: city.city,
    province: city.province,
    provinceCode: city.provinceCode,
    country: entry.country,
    countryCode: code,
    zip: fillDigits(rng, city.zip),
    phone,
  };
}

/** Input shape of `MailingAddressInput` (and the order-create variants). */
export interface AddressInput {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  company?: string | null;
  countryCode?: string | null;
  country?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  provinceCode?: string | null;
  province?: string | null;
  zip?: string | null;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** Builds an address record from mutation input, filling country names from codes as Shopify does. */
export function addressFromInput(id: number, input: AddressInput): AddressRecord {
  const countryCode = input.countryCode ?? null;
  let country = input.country ?? null;
  if (!country && countryCode) {
    try {
      country = regionNames.of(countryCode) ?? countryCode;
    } catch {
      country = countryCode;
    }
  }
  return {
    id,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    company: input.company ?? null,
    address1: input.address1 ?? null,
    address2: input.address2 ?? null,
    city: input.city ?? null,
    province: input.province ?? input.provinceCode ?? null,
    provinceCode: input.provinceCode ?? null,
    country,
    countryCode,
    zip: input.zip ?? null,
    phone: input.phone ?? null,
  };
}

/** The GraphQL `MailingAddress` object. */
export function mailingAddressNode(address: AddressRecord, modelName: "CustomerAddress" | "Address"): Record<string, unknown> {
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ") || null;
  const area = [address.city, address.provinceCode ?? address.province, address.zip].filter(Boolean).join(" ");
  return {
    __typename: "MailingAddress",
    // Shopify address GIDs carry the backing model, e.g. gid://shopify/MailingAddress/1?model_name=CustomerAddress.
    id: `${gid("MailingAddress", address.id)}?model_name=${modelName}`,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    company: address.company,
    country: address.country,
    countryCodeV2: address.countryCode,
    firstName: address.firstName,
    lastName: address.lastName,
    name,
    phone: address.phone,
    province: address.province,
    provinceCode: address.provinceCode,
    zip: address.zip,
    coordinatesValidated: false,
    latitude: null,
    longitude: null,
    timeZone: null,
    validationResultSummary: null,
    formattedArea: [address.city, address.province, address.country].filter(Boolean).join(", ") || null,
    formatted: (args: { withName?: boolean | null; withCompany?: boolean | null }) =>
      [
        args.withName ? name : null,
        args.withCompany === false ? null : address.company,
        address.address1,
        address.address2,
        area || null,
        address.country,
      ].filter((line): line is string => Boolean(line)),
  };
}

/** The REST (webhook) address shape. */
export function restAddress(address: AddressRecord, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: address.id,
    first_name: address.firstName,
    last_name: address.lastName,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    country: address.country,
    zip: address.zip,
    phone: address.phone,
    name: [address.firstName, address.lastName].filter(Boolean).join(" "),
    province_code: address.provinceCode,
    country_code: address.countryCode,
    ...extra,
  };
}
