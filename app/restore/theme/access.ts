/** Recognises Shopify's refusal of theme file writes (no write_themes exemption). */
import { UserFacingError } from "~/errors";
import { ShopifyAuthError, ShopifyGraphQLError } from "~/shopify/errors";

/** Theme file writes need an exemption Shopify grants per app; without it the merchant can still restore as a new theme. */
export class ThemeWriteAccessError extends UserFacingError {
  constructor(context: Record<string, unknown> = {}) {
    super(
      "Shopify does not allow Snapshelf to edit files inside an existing theme (this needs Shopify's write_themes exemption, which this app has not been granted). Nothing was changed. Use “Restore as new theme” instead: it creates an unpublished copy of the theme as it was in the snapshot, which you can preview and then publish.",
      context,
    );
  }
}

/** True when an Admin API failure is the missing theme-write permission. */
export function isThemeWriteDenied(error: unknown): boolean {
  if (error instanceof ShopifyGraphQLError) return error.codes.includes("ACCESS_DENIED");
  return error instanceof ShopifyAuthError && error.status === 403;
}
