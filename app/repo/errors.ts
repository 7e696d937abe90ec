import { NotFoundError } from "~/errors";

/**
 * The record's subject key was deleted (crypto-shredding, e.g. after
 * customers/redact): the bytes still exist until prune but can never be read
 * again. Distinct from IntegrityError: this is the intended outcome, not damage.
 */
export class RedactedError extends NotFoundError {}
