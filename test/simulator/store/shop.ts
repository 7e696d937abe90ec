/**
 * The shop itself (`QueryRoot.shop`): identity, currency, plan, domains and the
 * legal policies the API exposes. Serves only the fields a backup app reads;
 * an unserved non-null field makes graphql-js report an error, which is the
 * honest answer for a field the simulator does not model.
 */
import { gid, type Domain, type StoreCore } from "./core";

export interface ShopDomain extends Domain {
  /** The shop's display name (the demo home page shows it). */
  shopName(): string;
}

const POLICY_TYPES = ["REFUND_POLICY", "PRIVACY_POLICY", "TERMS_OF_SERVICE", "SHIPPING_POLICY"] as const;
const POLICY_TITLES: Record<(typeof POLICY_TYPES)[number], string> = {
  REFUND_POLICY: "Refund policy",
  PRIVACY_POLICY: "Privacy policy",
  TERMS_OF_SERVICE: "Terms of service",
  SHIPPING_POLICY: "Shipping policy",
};
const NAMES = ["Northwind Goods", "Juniper & Oak", "Harbor Supply Co.", "Lumen Threads", "Copper Kettle"];

export function createShopDomain(core: StoreCore): ShopDomain {
  const rng = core.rngFor("Shop", 0);
  const name = rng.pick(NAMES);
  const handle = core.shopDomain.replace(/\.myshopify\.com$/, "");
  const createdAt = new Date(Date.UTC(2021, rng.int(0, 11), rng.int(1, 28))).toISOString();
  const updatedAt = core.seededAt().toISOString();
  const primaryDomain = {
    __typename: "Domain",
    id: gid("Domain", 1),
    host: `${handle}.example.com`,
    url: `https://${handle}.example.com`,
    sslEnabled: true,
  };
  const policies = POLICY_TYPES.map((type, index) => ({
    __typename: "ShopPolicy",
    id: gid("ShopPolicy", index + 1),
    type,
    title: POLICY_TITLES[type],
    body: `<p>${POLICY_TITLES[type]} of ${name}. Questions? Write to support@${primaryDomain.host}.</p>`,
    url: `${primaryDomain.url}/policies/${type.toLowerCase().replace(/_/g, "-")}`,
    createdAt,
    updatedAt,
  }));
  const shop = {
    __typename: "Shop",
    id: gid("Shop", 1),
    name,
    myshopifyDomain: core.shopDomain,
    email: `owner@${primaryDomain.host}`,
    contactEmail: `support@${primaryDomain.host}`,
    shopOwnerName: "Avery Quinn",
    currencyCode: "USD",
    enabledPresentmentCurrencies: ["USD"],
    ianaTimezone: "America/New_York",
    timezoneAbbreviation: "EDT",
    timezoneOffset: "-0400",
    timezoneOffsetMinutes: -240,
    weightUnit: "KILOGRAMS",
    unitSystem: "METRIC_SYSTEM",
    taxesIncluded: false,
    taxShipping: false,
    orderNumberFormatPrefix: "#",
    orderNumberFormatSuffix: "",
    setupRequired: false,
    checkoutApiSupported: true,
    url: `https://${core.shopDomain}`,
    storefrontUrl: primaryDomain.url,
    primaryDomain,
    domains: [primaryDomain],
    // A development store on the Basic plan: Standard-plan rate limits apply.
    plan: { __typename: "ShopPlan", displayName: "Basic", partnerDevelopment: true, shopifyPlus: false },
    shopPolicies: policies,
    createdAt,
    updatedAt,
  };
  return {
    name: "shop",
    query: { shop: () => shop },
    mutation: {},
    nodeTypes: {
      Shop: (id) => (id === "1" ? shop : undefined),
      ShopPolicy: (id) => policies[Number(id) - 1],
      Domain: (id) => (id === "1" ? primaryDomain : undefined),
    },
    shopName: () => name,
  };
}
