import { redirect } from "@remix-run/node";
import { demoAppUrl } from "~/services/demo.server";

/** Demo mode: opens the app as the Shopify admin would (404 in production). */
export const loader = () => redirect(demoAppUrl());
