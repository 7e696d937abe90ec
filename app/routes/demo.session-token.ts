import { demoSessionToken } from "~/services/demo.server";

/** Demo mode: a fresh session token for the local App Bridge stand-in (404 in production). */
export const loader = () =>
  Response.json(demoSessionToken(), { headers: { "Cache-Control": "no-store" } });
