import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveThemeArchive } from "~/services/theme-restore.server";

/** A theme zip for Shopify's themeCreate(source:); no session: the signed, expiring token is the credential. */
export const loader = async ({ params }: LoaderFunctionArgs) => serveThemeArchive(String(params.token ?? ""));
