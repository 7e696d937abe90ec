/**
 * `npm run simulator -- --seed 1 --size small --port 4001 [--plan plus]
 * [--webhook-url http://127.0.0.1:3000/webhooks]`: runs the simulator until
 * interrupted and prints its URL and an offline access token.
 */
import { parseArgs } from "node:util";
import { startSimulator } from "./index";
import type { StoreSize } from "./store/core";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    size: { type: "string", default: "small" },
    port: { type: "string", default: "4001" },
    host: { type: "string", default: "127.0.0.1" },
    shop: { type: "string", default: "demo-shop.myshopify.com" },
    plan: { type: "string", default: "standard" },
    "api-key": { type: "string", default: process.env.SHOPIFY_API_KEY ?? "snapshelf-dev-key" },
    "api-secret": { type: "string", default: process.env.SHOPIFY_API_SECRET ?? "snapshelf-dev-secret" },
    "webhook-url": { type: "string" },
  },
});

const size = values.size as StoreSize;
if (!["tiny", "small", "large"].includes(size)) throw new Error(`--size must be tiny, small or large (got ${values.size})`);
if (values.plan !== "standard" && values.plan !== "plus") throw new Error(`--plan must be standard or plus`);

const simulator = await startSimulator({
  seed: Number(values.seed),
  size,
  port: Number(values.port),
  host: values.host,
  shopDomain: values.shop,
  plan: values.plan,
  apiKey: values["api-key"],
  apiSecret: values["api-secret"],
  webhookUrl: values["webhook-url"],
});
console.log(`Shopify simulator for ${simulator.shopDomain} listening on ${simulator.url}`);
console.log(`Offline access token: ${simulator.accessToken()}`);
console.log(`Other app's access token: ${simulator.otherAppToken()}`);

const stop = () => {
  void simulator.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
