/** Customers and orders for backups: bulk, paged and by-GID forms of one selection each. */
import { ADDRESS_FIELDS, bulkDocument, byIdDocument, childPagesDocument, conn, metafields, MONEY_BAG, pagedDocument, type Selection } from "./backup-selection";

/** Customer profile, consent, tags, addresses, metafields (passwords are never readable). */
export const CUSTOMER_SELECTION: Selection = (mode) => `id legacyResourceId firstName lastName email phone note tags state locale
  taxExempt taxExemptions verifiedEmail createdAt updatedAt
  defaultAddress { id }
  emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
  smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt consentCollectedFrom }
  ${conn(mode, "addressesV2", 25, `id ${ADDRESS_FIELDS}`)}
  ${metafields(mode)}`;
export const BACKUP_CUSTOMERS_BULK = bulkDocument("SnapshelfBackupCustomers", "customers", CUSTOMER_SELECTION);
export const BACKUP_CUSTOMERS_PAGE = pagedDocument("SnapshelfBackupCustomersPage", "customers", CUSTOMER_SELECTION);
export const BACKUP_CUSTOMERS_BY_ID = byIdDocument("SnapshelfBackupCustomersById", "Customer", CUSTOMER_SELECTION);
/** The rest of a customer's addresses. */
export const BACKUP_CUSTOMER_MORE_ADDRESSES = childPagesDocument("SnapshelfBackupCustomerMoreAddresses", "Customer", "addressesV2", 100, `id ${ADDRESS_FIELDS}`);

const LINE_ITEM = `id title variantTitle sku quantity currentQuantity vendor requiresShipping taxable
    variant { id } product { id } originalUnitPriceSet { ${MONEY_BAG} } discountedTotalSet { ${MONEY_BAG} }`;

/** Orders: header, totals, addresses, line items, fulfillments, refunds and transactions summaries, metafields. */
export const ORDER_SELECTION: Selection = (mode) => `id legacyResourceId name email phone note tags test currencyCode presentmentCurrencyCode
  createdAt updatedAt processedAt closedAt cancelledAt cancelReason displayFinancialStatus displayFulfillmentStatus
  customer { id firstName lastName }
  subtotalPriceSet { ${MONEY_BAG} }
  totalPriceSet { ${MONEY_BAG} }
  totalTaxSet { ${MONEY_BAG} }
  totalDiscountsSet { ${MONEY_BAG} }
  totalShippingPriceSet { ${MONEY_BAG} }
  totalRefundedSet { ${MONEY_BAG} }
  shippingAddress { ${ADDRESS_FIELDS} }
  billingAddress { ${ADDRESS_FIELDS} }
  shippingLine { title code originalPriceSet { ${MONEY_BAG} } }
  fulfillments { id status createdAt updatedAt trackingInfo { company number url } }
  refunds { id createdAt note totalRefundedSet { ${MONEY_BAG} } }
  transactions { id kind status gateway createdAt processedAt amountSet { ${MONEY_BAG} } }
  ${conn(mode, "lineItems", 50, LINE_ITEM)}
  ${metafields(mode)}`;
export const BACKUP_ORDERS_BULK = bulkDocument("SnapshelfBackupOrders", "orders", ORDER_SELECTION);
export const BACKUP_ORDERS_PAGE = pagedDocument("SnapshelfBackupOrdersPage", "orders", ORDER_SELECTION);
export const BACKUP_ORDERS_BY_ID = byIdDocument("SnapshelfBackupOrdersById", "Order", ORDER_SELECTION);
/** The rest of an order's line items. */
export const BACKUP_ORDER_MORE_LINE_ITEMS = childPagesDocument("SnapshelfBackupOrderMoreLineItems", "Order", "lineItems", 100, LINE_ITEM);
