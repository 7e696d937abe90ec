import { checkHealth } from "~/services/health.server";

/** Liveness and readiness for load balancers: 200 when the database answers. */
export const loader = async () => {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
};
