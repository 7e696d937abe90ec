/**
 * Documents of the bulk-mutation restore path (app/restore/bulk/): the JSONL
 * upload target, the operation start, and the mutation Shopify runs once per
 * line. Status reads and cancel share bulk-operations.ts with bulk queries.
 */
import { productSetCall } from "./restore-products";

/** Upload target for the variables file (resource BULK_MUTATION_VARIABLES); its `key` parameter is the stagedUploadPath. */
export const RESTORE_BULK_STAGED_UPLOAD = `mutation SnapshelfRestoreBulkStage($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) {
    stagedTargets { url resourceUrl parameters { name value } }
    userErrors { field message }
  }
}`;

/** Starts one bulk mutation over the uploaded variables file. */
export const RESTORE_BULK_RUN = `mutation SnapshelfRestoreBulkRun($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
  bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
    bulkOperation { id status errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl }
    userErrors { field message code }
  }
}`;

/**
 * The per-line mutation: the same upsert and selection as the regular
 * restore step (restore-products.ts RESTORE_PRODUCT_SET), so a result line
 * is read exactly like a direct answer. Each JSONL line holds {identifier, input}.
 */
export const RESTORE_BULK_PRODUCT_SET = `mutation SnapshelfRestoreBulkProductSet($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
  ${productSetCall()}
}`;
