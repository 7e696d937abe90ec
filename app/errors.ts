/**
 * The error hierarchy the engine throws. Callers branch on the class, never on
 * message text: retryable errors are worth another try, user-facing errors
 * carry a message fit for the merchant, integrity errors mean stored data is
 * not what it should be and must never be papered over.
 */
export class SnapshelfError extends Error {
  /** Structured facts about the failure (ids, paths, counts) for logs and reports. */
  readonly context: Record<string, unknown>;

  constructor(message: string, context: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.context = context;
  }
}

/** A transient failure (network, throttling, 5xx, lease held): safe to retry later. */
export class RetryableError extends SnapshelfError {
  /** Suggested wait before the next attempt, when the cause tells us one. */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    context: Record<string, unknown> = {},
    options?: ErrorOptions & { retryAfterMs?: number },
  ) {
    super(message, context, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** Bad input or a state the merchant can fix; the message is shown to them as is. */
export class UserFacingError extends SnapshelfError {}

/** Configuration is missing or invalid; lists every problem found at once. */
export class ConfigError extends UserFacingError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`, { problems });
    this.problems = problems;
  }
}

/** Stored data failed an integrity check (bad MAC, wrong hash, missing object). */
export class IntegrityError extends SnapshelfError {}

/** A requested object does not exist. */
export class NotFoundError extends SnapshelfError {}

/** A create-only write found the object already there (another writer won). */
export class ConflictError extends SnapshelfError {}
