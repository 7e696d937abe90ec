/**
 * The GraphQL `Order` and `LineItem` shapes (fulfillments, refunds and
 * transactions are in parts.ts). A small class keeps per-node memory low
 * when a bulk operation walks 500k orders.
 */
import { connection, gid, type ConnectionArgs, type SimContext } from "../core";
import { mailingAddressNode } from "../customers/addresses";
import { metafieldAccessors } from "../customers/metafields";
import { formatCents } from "../customers/node";
import { refundedCents, subtotalCents, totalCents, type LineItemRecord, type OrderRecord } from "./data";
import { fulfillmentNode, refundNode, transactionNode, type OrderParts } from "./parts";

/** What order nodes need from the rest of the store. */
export interface OrderNodeDeps {
  customerNode(id: number): unknown;
  /** Catalog lookups (null when the product or variant no longer exists). */
  productNode(id: number, context: SimContext): unknown;
  variantNode(id: number, context: SimContext): unknown;
  shopDomain: string;
}

/** A MoneyBag in the shop currency (the simulator's presentment currency equals the shop's). */
export function moneyBag(cents: number, currency: string): Record<string, unknown> {
  const money = { amount: formatCents(cents), currencyCode: currency };
  return { shopMoney: money, presentmentMoney: { ...money } };
}

export class OrderNode {
  readonly __typename = "Order";

  constructor(
    readonly record: OrderRecord,
    private readonly deps: OrderNodeDeps,
  ) {}

  private bag(cents: number): Record<string, unknown> {
    return moneyBag(cents, this.record.currency);
  }
  get id(): string {
    return gid("Order", this.record.id);
  }
  get legacyResourceId(): string {
    return String(this.record.id);
  }
  get name(): string {
    return this.record.name;
  }
  get email(): string | null {
    return this.record.email;
  }
  get phone(): string | null {
    return this.record.phone;
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get processedAt(): string {
    return this.record.processedAt;
  }
  get updatedAt(): string {
    return this.record.updatedAt;
  }
  get cancelledAt(): string | null {
    return this.record.cancelledAt;
  }
  get cancelReason(): string | null {
    return this.record.cancelReason;
  }
  get closedAt(): string | null {
    return this.record.closedAt;
  }
  get closed(): boolean {
    return this.record.closedAt !== null;
  }
  get confirmed(): boolean {
    return true;
  }
  get test(): boolean {
    return this.record.test;
  }
  get displayFinancialStatus(): string {
    return this.record.financialStatus;
  }
  get displayFulfillmentStatus(): string {
    return this.record.fulfillmentStatus;
  }
  get currencyCode(): string {
    return this.record.currency;
  }
  get presentmentCurrencyCode(): string {
    return this.record.currency;
  }
  get tags(): string[] {
    return this.record.tags;
  }
  get note(): string | null {
    return this.record.note;
  }
  get poNumber(): string | null {
    return this.record.poNumber;
  }
  get sourceName(): string {
    return this.record.sourceName;
  }
  get customAttributes(): { key: string; value: string }[] {
    return this.record.customAttributes;
  }
  get discountCode(): string | null {
    return this.record.discountCode;
  }
  get discountCodes(): string[] {
    return this.record.discountCode ? [this.record.discountCode] : [];
  }
  get customerAcceptsMarketing(): boolean {
    return this.record.buyerAcceptsMarketing;
  }
  get taxesIncluded(): boolean {
    return false;
  }
  get taxExempt(): boolean {
    return false;
  }
  get requiresShipping(): boolean {
    return this.record.lineItems.some((l) => l.requiresShipping);
  }
  get edited(): boolean {
    return false;
  }
  get paymentGatewayNames(): string[] {
    return [...new Set(this.record.transactions.map((t) => t.gateway))];
  }
  get subtotalLineItemsQuantity(): number {
    return this.record.lineItems.reduce((sum, l) => sum + l.quantity, 0);
  }
  get currentSubtotalLineItemsQuantity(): number {
    return this.subtotalLineItemsQuantity - this.refundedQuantities().total;
  }
  get subtotalPriceSet(): Record<string, unknown> {
    return this.bag(subtotalCents(this.record));
  }
  get totalPriceSet(): Record<string, unknown> {
    return this.bag(totalCents(this.record));
  }
  get originalTotalPriceSet(): Record<string, unknown> {
    return this.bag(totalCents(this.record));
  }
  get totalTaxSet(): Record<string, unknown> {
    return this.bag(this.record.taxCents);
  }
  get totalDiscountsSet(): Record<string, unknown> {
    return this.bag(this.record.discountCents);
  }
  get totalShippingPriceSet(): Record<string, unknown> {
    return this.bag(this.record.shippingCents);
  }
  get totalRefundedSet(): Record<string, unknown> {
    return this.bag(refundedCents(this.record));
  }
  get currentTotalPriceSet(): Record<string, unknown> {
    return this.bag(totalCents(this.record) - refundedCents(this.record));
  }
  get currentSubtotalPriceSet(): Record<string, unknown> {
    return this.bag(Math.max(0, subtotalCents(this.record) - refundedCents(this.record)));
  }
  get currentTotalTaxSet(): Record<string, unknown> {
    return this.bag(this.record.taxCents);
  }
  private receivedCents(): number {
    return this.record.transactions
      .filter((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"))
      .reduce((sum, t) => sum + t.cents, 0);
  }
  get totalReceivedSet(): Record<string, unknown> {
    return this.bag(this.receivedCents());
  }
  get netPaymentSet(): Record<string, unknown> {
    return this.bag(this.receivedCents() - refundedCents(this.record));
  }
  get totalOutstandingSet(): Record<string, unknown> {
    const outstanding = this.record.cancelledAt ? 0 : Math.max(0, totalCents(this.record) - this.receivedCents());
    return this.bag(outstanding);
  }
  get fullyPaid(): boolean {
    return this.receivedCents() >= totalCents(this.record);
  }
  get unpaid(): boolean {
    return this.receivedCents() === 0;
  }
  get refundable(): boolean {
    return this.receivedCents() > refundedCents(this.record);
  }
  get taxLines(): Record<string, unknown>[] {
    if (!this.record.taxCents) return [];
    return [
      {
        title: "Sales tax",
        rate: this.record.taxRate,
        ratePercentage: Math.round(this.record.taxRate * 100_000) / 1000,
        priceSet: this.bag(this.record.taxCents),
        channelLiable: false,
      },
    ];
  }
  get customer(): unknown {
    return this.record.customerId === null ? null : (this.deps.customerNode(this.record.customerId) ?? null);
  }
  get billingAddress(): unknown {
    return this.record.billingAddress ? mailingAddressNode(this.record.billingAddress, "Address") : null;
  }
  get shippingAddress(): unknown {
    return this.record.shippingAddress ? mailingAddressNode(this.record.shippingAddress, "Address") : null;
  }
  get displayAddress(): unknown {
    return this.billingAddress ?? this.shippingAddress;
  }
  get statusPageUrl(): string {
    return `https://${this.deps.shopDomain}/orders/${this.record.id}/authenticate`;
  }
  lineItems(args: ConnectionArgs, context: SimContext): unknown {
    return connection(
      this.record.lineItems.map((line) => this.lineItemNode(line)),
      args,
      context,
      (node) => String(node.id),
    );
  }
  private refundedQuantities(): { byLine: Map<number, number>; total: number } {
    const byLine = new Map<number, number>();
    let total = 0;
    for (const refund of this.record.refunds) {
      for (const line of refund.lines) {
        byLine.set(line.lineItemId, (byLine.get(line.lineItemId) ?? 0) + line.quantity);
        total += line.quantity;
      }
    }
    return { byLine, total };
  }
  /** The GraphQL LineItem for one of this order's lines. */
  lineItemNode(line: LineItemRecord): Record<string, unknown> {
    const fulfilled = this.record.fulfillments
      .filter((f) => f.status === "SUCCESS")
      .flatMap((f) => f.lines)
      .filter((l) => l.lineItemId === line.id)
      .reduce((sum, l) => sum + l.quantity, 0);
    const refunded = this.refundedQuantities().byLine.get(line.id) ?? 0;
    const unfulfilled = this.record.cancelledAt ? 0 : Math.max(0, line.quantity - fulfilled - refunded);
    const bag = (cents: number) => this.bag(cents);
    const deps = this.deps;
    return {
      __typename: "LineItem",
      id: gid("LineItem", line.id),
      title: line.title,
      name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
      variantTitle: line.variantTitle,
      sku: line.sku,
      vendor: line.vendor,
      quantity: line.quantity,
      currentQuantity: line.quantity - refunded,
      unfulfilledQuantity: unfulfilled,
      nonFulfillableQuantity: line.quantity - unfulfilled - fulfilled,
      refundableQuantity: line.quantity - refunded,
      requiresShipping: line.requiresShipping,
      taxable: line.taxable,
      isGiftCard: false,
      restockable: refunded < line.quantity,
      merchantEditable: false,
      customAttributes: [],
      discountAllocations: [],
      duties: [],
      taxLines: () => [],
      image: null,
      sellingPlan: null,
      contract: null,
      lineItemGroup: null,
      staffMember: null,
      originalUnitPriceSet: bag(line.unitCents),
      originalTotalSet: bag(line.unitCents * line.quantity),
      discountedUnitPriceSet: bag(line.unitCents),
      discountedUnitPriceAfterAllDiscountsSet: bag(line.unitCents),
      discountedTotalSet: () => bag(line.unitCents * line.quantity),
      totalDiscountSet: bag(0),
      unfulfilledOriginalTotalSet: bag(line.unitCents * unfulfilled),
      unfulfilledDiscountedTotalSet: bag(line.unitCents * unfulfilled),
      // The line keeps its own snapshot; the links follow the live catalog (null once deleted).
      product: (_args: unknown, context: SimContext) => (line.productId === null ? null : (deps.productNode(line.productId, context) ?? null)),
      variant: (_args: unknown, context: SimContext) => (line.variantId === null ? null : (deps.variantNode(line.variantId, context) ?? null)),
    };
  }
  fulfillments(args: { first?: number | null }): Record<string, unknown>[] {
    const list = args.first != null ? this.record.fulfillments.slice(0, args.first) : this.record.fulfillments;
    return list.map((f, i) => fulfillmentNode(this.parts(), f, i));
  }
  get fulfillmentsCount(): { count: number; precision: string } {
    return { count: this.record.fulfillments.length, precision: "EXACT" };
  }
  refunds(args: { first?: number | null }): Record<string, unknown>[] {
    const list = args.first != null ? this.record.refunds.slice(0, args.first) : this.record.refunds;
    return list.map((r) => refundNode(this.parts(), r));
  }
  transactions(args: { first?: number | null }): Record<string, unknown>[] {
    const list = args.first != null ? this.record.transactions.slice(0, args.first) : this.record.transactions;
    return list.map((t) => transactionNode(this.parts(), t));
  }
  get transactionsCount(): { count: number; precision: string } {
    return { count: this.record.transactions.length, precision: "EXACT" };
  }
  private parts(): OrderParts {
    return { record: this.record, owner: () => this, bag: (cents) => this.bag(cents), lineItemNode: (line) => this.lineItemNode(line) };
  }
  metafield(args: Record<string, unknown>): unknown {
    return metafieldAccessors(this.record.metafields, "ORDER", () => this).metafield(args);
  }
  metafields(args: Record<string, unknown>, context: SimContext): unknown {
    return metafieldAccessors(this.record.metafields, "ORDER", () => this).metafields(args, context);
  }
}
