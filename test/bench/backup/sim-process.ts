/** Starts the simulator CLI in its own process (so the bench's RSS is the app side only) and reads its URL and token. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface SimulatorProcess {
  url: string;
  token: string;
  /** Another app's token on the store (its own rate-limit bucket): the bench's edits, as a merchant's tool would make them. */
  editorToken: string;
  shop: string;
  stop(): void;
}

export async function startSimulatorProcess(input: { root: string; size: string; seed: string; apiKey: string; apiSecret: string; webhookUrl: string; port?: number }): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(input.root, "test/simulator/cli.ts"), "--size", input.size, "--seed", input.seed, "--port", String(input.port ?? 0), "--plan", "plus",
      "--api-key", input.apiKey, "--api-secret", input.apiSecret, "--webhook-url", input.webhookUrl],
    { cwd: input.root, stdio: ["ignore", "pipe", "inherit"] },
  );
  let url = "";
  let token = "";
  let editorToken = "";
  for await (const line of createInterface({ input: child.stdout })) {
    url ||= /listening on (\S+)/.exec(line)?.[1] ?? "";
    token ||= /Offline access token: (\S+)/.exec(line)?.[1] ?? "";
    editorToken ||= /Other app's access token: (\S+)/.exec(line)?.[1] ?? "";
    if (url && token && editorToken) break;
  }
  return { url, token, editorToken, shop: "demo-shop.myshopify.com", stop: () => void child.kill("SIGTERM") };
}
