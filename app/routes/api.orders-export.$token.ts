import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveOrdersExport } from "~/services/orders-export.server";

/** An orders export download; no session: the signed, expiring token from the snapshot page is the credential. */
export const loader = async ({ params }: LoaderFunctionArgs) => serveOrdersExport(String(params.token ?? ""));
