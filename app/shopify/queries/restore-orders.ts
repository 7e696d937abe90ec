/** Re-creating a backed-up order as a NEW order (orderCreate), and the small reads it needs first. */

/**
 * orderCreate with options (OrderCreateOptionsInput): inventoryBehaviour
 * BYPASS (stock was claimed by the original order), no order confirmation or
 * shipping receipt to the customer. Answers what the tests and the report read back.
 */
export const RESTORE_ORDER_CREATE = `mutation SnapshelfRestoreOrderCreate($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    order {
      id name
      displayFinancialStatus
      customer { id }
      totalPriceSet { shopMoney { amount currencyCode } }
    }
    userErrors { field message code }
  }
}`;

/** Which of these variant / customer GIDs still exist live (null entries: gone). */
export const RESTORE_ORDER_LIVE_NODES = `query SnapshelfRestoreOrderLiveNodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    id
  }
}`;
