/**
 * The GraphQL `Customer` object and the REST webhook payload for a customer
 * record. A small class keeps per-node memory low when a bulk operation
 * walks all 200k customers; graphql-js reads getters and calls methods.
 */
import { connection, gid, type ConnectionArgs, type SimContext } from "../core";
import { mailingAddressNode, restAddress } from "./addresses";
import type { CustomerRecord } from "./data";
import { lazyConnection } from "./lazy-connection";
import { metafieldAccessors } from "./metafields";
import type { CustomerStore } from "./store";

const SHOP_CURRENCY = "USD";

export class CustomerNode {
  readonly __typename = "Customer";

  constructor(
    private readonly record: CustomerRecord,
    private readonly store: CustomerStore,
  ) {}

  get id(): string {
    return gid("Customer", this.record.id);
  }
  get legacyResourceId(): string {
    return String(this.record.id);
  }
  get firstName(): string | null {
    return this.record.firstName;
  }
  get lastName(): string | null {
    return this.record.lastName;
  }
  get displayName(): string {
    // Shopify falls back to the email, then the phone, when there is no name.
    const name = [this.record.firstName, this.record.lastName].filter(Boolean).join(" ");
    return name || this.record.email || this.record.phone || "";
  }
  get email(): string | null {
    return this.record.email;
  }
  get phone(): string | null {
    return this.record.phone;
  }
  get tags(): string[] {
    return this.record.tags;
  }
  get note(): string | null {
    return this.record.note;
  }
  get state(): string {
    return this.record.state;
  }
  get verifiedEmail(): boolean {
    return this.record.verifiedEmail;
  }
  get validEmailAddress(): boolean {
    return this.record.email !== null;
  }
  get taxExempt(): boolean {
    return this.record.taxExempt;
  }
  get taxExemptions(): string[] {
    return this.record.taxExemptions;
  }
  get locale(): string {
    return this.record.locale;
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get updatedAt(): string {
    return this.record.updatedAt;
  }
  get dataSaleOptOut(): boolean {
    return false;
  }
  get multipassIdentifier(): null {
    return null;
  }
  get productSubscriberStatus(): string {
    return "NEVER_SUBSCRIBED";
  }
  get taxExemptionsCount(): number {
    return this.record.taxExemptions.length;
  }
  get lifetimeDuration(): string {
    const days = Math.max(0, (this.store.core.seededAt().getTime() - Date.parse(this.record.createdAt)) / 86_400_000);
    if (days < 31) return `${Math.max(1, Math.round(days))} days`;
    if (days < 365) return `about ${Math.round(days / 30)} months`;
    return `about ${Math.round(days / 365)} year${Math.round(days / 365) > 1 ? "s" : ""}`;
  }
  get emailMarketingConsent(): Record<string, unknown> | null {
    const consent = this.record.emailMarketingConsent;
    // Shopify returns null consent when the customer has no email address.
    return consent && this.record.email ? { ...consent } : null;
  }
  get smsMarketingConsent(): Record<string, unknown> | null {
    const consent = this.record.smsMarketingConsent;
    return consent && this.record.phone ? { ...consent, marketingOptInLevel: consent.marketingOptInLevel ?? "UNKNOWN" } : null;
  }
  get defaultAddress(): Record<string, unknown> | null {
    const address = this.record.addresses.find((a) => a.id === this.record.defaultAddressId);
    return address ? mailingAddressNode(address, "CustomerAddress") : null;
  }
  addresses(args: { first?: number | null }): Record<string, unknown>[] {
    const list = args.first != null ? this.record.addresses.slice(0, args.first) : this.record.addresses;
    return list.map((a) => mailingAddressNode(a, "CustomerAddress"));
  }
  addressesV2(args: ConnectionArgs, context: SimContext): unknown {
    return connection(
      this.record.addresses.map((a) => mailingAddressNode(a, "CustomerAddress")),
      args,
      context,
      (node) => String(node.id),
    );
  }
  private orderIds(visibleOnly: boolean): number[] {
    return this.store.links?.orderIdsOf(this.record, visibleOnly) ?? [];
  }
  /** UnsignedInt64 is serialised as a string, as Shopify does. */
  get numberOfOrders(): string {
    return String(this.orderIds(false).length);
  }
  get amountSpent(): { amount: string; currencyCode: string } {
    const links = this.store.links;
    const cents = links ? this.orderIds(false).reduce((sum, id) => sum + links.orderTotalCents(id), 0) : 0;
    return { amount: formatCents(cents), currencyCode: SHOP_CURRENCY };
  }
  /** Shopify refuses to delete customers who have orders. */
  get canDelete(): boolean {
    return this.orderIds(false).length === 0;
  }
  lastOrder(_args: unknown, context: SimContext): unknown {
    const ids = this.orderIds(true);
    return ids.length ? (this.store.links?.orderNode(ids[ids.length - 1], context) ?? null) : null;
  }
  orders(args: ConnectionArgs & { query?: string | null; sortKey?: string | null }, context: SimContext): unknown {
    return lazyConnection(this.orderIds(true), args, context, (id) => this.store.links?.orderNode(id, context) ?? null);
  }
  metafield(args: Record<string, unknown>): unknown {
    return metafieldAccessors(this.record.metafields, "CUSTOMER", () => this).metafield(args);
  }
  metafields(args: Record<string, unknown>, context: SimContext): unknown {
    return metafieldAccessors(this.record.metafields, "CUSTOMER", () => this).metafields(args, context);
  }
  get companyContactProfiles(): unknown[] {
    return [];
  }
}

/** 1999 → "19.99" (Shopify's Decimal strings). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The REST-shaped customer, as customers/create and customers/update webhooks carry it. */
export function customerRestPayload(record: CustomerRecord): Record<string, unknown> {
  const addresses = record.addresses.map((a) =>
    restAddress(a, { customer_id: record.id, default: a.id === record.defaultAddressId }),
  );
  const email = record.emailMarketingConsent;
  const sms = record.smsMarketingConsent;
  return {
    id: record.id,
    email: record.email,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    first_name: record.firstName,
    last_name: record.lastName,
    state: record.state.toLowerCase(),
    note: record.note,
    verified_email: record.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: record.taxExempt,
    phone: record.phone,
    // REST carries tags as one comma-separated string.
    tags: record.tags.join(", "),
    currency: SHOP_CURRENCY,
    addresses,
    tax_exemptions: record.taxExemptions,
    email_marketing_consent:
      email && record.email
        ? {
            state: email.marketingState.toLowerCase(),
            opt_in_level: email.marketingOptInLevel?.toLowerCase() ?? null,
            consent_updated_at: email.consentUpdatedAt,
          }
        : null,
    sms_marketing_consent:
      sms && record.phone
        ? {
            state: sms.marketingState.toLowerCase(),
            opt_in_level: sms.marketingOptInLevel?.toLowerCase() ?? null,
            consent_updated_at: sms.consentUpdatedAt,
            consent_collected_from: sms.consentCollectedFrom,
          }
        : null,
    admin_graphql_api_id: gid("Customer", record.id),
    default_address: addresses.find((a) => a.default === true) ?? null,
  };
}
