/**
 * The backed-up order as the snapshot holds it (app/backup/types/orders.ts):
 * an `Order` record with the commercial facts and an `OrderPersonal` record,
 * sealed under the customer's subject key, with the contact data.
 */

export interface Money {
  amount: string;
  currencyCode: string;
}

export interface MoneyBag {
  shopMoney: Money;
  presentmentMoney?: Money | null;
}

export interface OrderLineItem {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  currentQuantity: number | null;
  vendor: string | null;
  requiresShipping: boolean | null;
  taxable: boolean | null;
  variant: { id: string } | null;
  product: { id: string } | null;
  originalUnitPriceSet: MoneyBag | null;
  discountedTotalSet: MoneyBag | null;
}

export interface OrderMetafield {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/** Canonical `Order` record (no contact data). */
export interface BackedUpOrder {
  id: string;
  legacyResourceId?: string;
  name: string;
  tags: string[];
  test: boolean;
  currencyCode: string;
  presentmentCurrencyCode?: string | null;
  createdAt: string;
  updatedAt?: string | null;
  processedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  customer: { id: string } | null;
  subtotalPriceSet: MoneyBag | null;
  totalPriceSet: MoneyBag | null;
  totalTaxSet: MoneyBag | null;
  totalDiscountsSet: MoneyBag | null;
  totalShippingPriceSet: MoneyBag | null;
  totalRefundedSet: MoneyBag | null;
  shippingLine: { title: string | null; code: string | null; originalPriceSet: MoneyBag | null } | null;
  lineItems: OrderLineItem[];
  metafields: OrderMetafield[];
  [field: string]: unknown;
}

export interface OrderAddress {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCodeV2: string | null;
  zip: string | null;
  phone: string | null;
}

/** Canonical `OrderPersonal` record (subject-keyed). */
export interface OrderPersonal {
  order: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  shippingAddress: OrderAddress | null;
  billingAddress: OrderAddress | null;
  customerName: { firstName: string | null; lastName: string | null } | null;
}

/**
 * Whether an exported order carries its contact data: `included`; `redacted`
 * (the customer's subject key was shredded by customers/redact); `missing`
 * (the snapshot holds no OrderPersonal record for it).
 */
export type PersonalData = "included" | "redacted" | "missing";

/** One order read back from a snapshot, with its personal part when readable. */
export interface SnapshotOrder {
  order: BackedUpOrder;
  personal: OrderPersonal | null;
  personalData: PersonalData;
}
