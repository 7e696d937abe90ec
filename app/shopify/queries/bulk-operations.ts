/**
 * Documents that drive bulk query operations (start, observe, cancel). The
 * bulk queries themselves live in bulk-*.ts beside this file.
 */

const BULK_OPERATION_FIELDS = `
    id
    status
    errorCode
    createdAt
    completedAt
    objectCount
    rootObjectCount
    fileSize
    url
    partialDataUrl
`;

/** Starts a bulk query; groupObjects false so Shopify never spends time grouping (we join ourselves). */
export const BULK_OPERATION_RUN_QUERY = `mutation SnapshelfBulkRun($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) {
    bulkOperation {${BULK_OPERATION_FIELDS}}
    userErrors { field message code }
  }
}`;

/** Status of one operation by id (API 2026-01+). */
export const BULK_OPERATION_BY_ID = `query SnapshelfBulkOperation($id: ID!) {
  bulkOperation(id: $id) {${BULK_OPERATION_FIELDS}}
}`;

/** Status of one operation through node(id:), for API versions before 2026-01. */
export const BULK_OPERATION_NODE = `query SnapshelfBulkOperationNode($id: ID!) {
  node(id: $id) {
    ... on BulkOperation {${BULK_OPERATION_FIELDS}}
  }
}`;

/** Requests cancellation (CANCELING, then CANCELED). */
export const BULK_OPERATION_CANCEL = `mutation SnapshelfBulkCancel($id: ID!) {
  bulkOperationCancel(id: $id) {
    bulkOperation {${BULK_OPERATION_FIELDS}}
    userErrors { field message }
  }
}`;
