/**
 * Bulk query for orders: header, money totals, addresses, line items,
 * fulfillments / refunds / transactions summaries (lists, not connections)
 * and metafields: 3 connections. Orders older than 60 days need read_all_orders.
 */
const MONEY = "shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }";
const ADDRESS = "firstName lastName company address1 address2 city province provinceCode country countryCodeV2 zip phone";

export const BULK_ORDERS = `query SnapshelfBulkOrders {
  orders {
    edges {
      node {
        id
        legacyResourceId
        name
        email
        phone
        note
        tags
        test
        currencyCode
        presentmentCurrencyCode
        createdAt
        updatedAt
        processedAt
        closedAt
        cancelledAt
        cancelReason
        displayFinancialStatus
        displayFulfillmentStatus
        customer { id }
        subtotalPriceSet { ${MONEY} }
        totalPriceSet { ${MONEY} }
        totalTaxSet { ${MONEY} }
        totalDiscountsSet { ${MONEY} }
        totalShippingPriceSet { ${MONEY} }
        totalRefundedSet { ${MONEY} }
        shippingAddress { ${ADDRESS} }
        billingAddress { ${ADDRESS} }
        shippingLine { title code originalPriceSet { ${MONEY} } }
        fulfillments {
          id
          status
          createdAt
          updatedAt
          trackingInfo { company number url }
        }
        refunds {
          id
          createdAt
          note
          totalRefundedSet { ${MONEY} }
        }
        transactions {
          id
          kind
          status
          gateway
          createdAt
          processedAt
          amountSet { ${MONEY} }
        }
        lineItems {
          edges {
            node {
              id
              title
              variantTitle
              sku
              quantity
              currentQuantity
              vendor
              requiresShipping
              taxable
              variant { id }
              product { id }
              originalUnitPriceSet { ${MONEY} }
              discountedTotalSet { ${MONEY} }
            }
          }
        }
        metafields {
          edges {
            node { id namespace key type value createdAt updatedAt }
          }
        }
      }
    }
  }
}`;
