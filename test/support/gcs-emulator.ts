import { existsSync, mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Starts the Cloud Storage emulator that ships inside firebase-tools, in this
 * process, without the Firebase CLI around it. Only its GCS JSON API is used,
 * which authorises every request, so the storage-rules runtime (Java and a
 * download) is never started. Pinned to firebase-tools 15.34.2: these are
 * internal modules, so a version bump must re-run the conformance suite.
 */

// firebase-tools ships no typings for its internals: these describe the
// little we touch.
interface EmulatorArgs {
  projectId: string;
  host: string;
  port: number;
  rules: unknown[];
  auto_download: boolean;
}
interface StorageEmulatorInstance {
  args: EmulatorArgs;
  getPersistenceTmpDir(): string;
}
type StorageEmulatorClass = new (args: EmulatorArgs) => StorageEmulatorInstance;
interface ExpressApp {
  listen(port: number, host: string): Server;
}

const require = createRequire(import.meta.url);
const { StorageEmulator } = require("firebase-tools/lib/emulator/storage/index.js") as {
  StorageEmulator: StorageEmulatorClass;
};
const { createApp } = require("firebase-tools/lib/emulator/storage/server.js") as {
  createApp: (projectId: string, emulator: StorageEmulatorInstance) => Promise<ExpressApp>;
};
const { EmulatorRegistry } = require("firebase-tools/lib/emulator/registry.js") as {
  EmulatorRegistry: {
    get(name: string): unknown;
    set(name: string, instance: unknown): void;
    clear(name: string): void;
  };
};
const { EmulatorLogger } = require("firebase-tools/lib/emulator/emulatorLogger.js") as {
  EmulatorLogger: { setVerbosity(level: number): void };
};

const SILENT = 3;
const PROJECT_ID = "demo-snapshelf";

export interface GcsEmulator {
  /** "http://127.0.0.1:PORT": pass as `apiEndpoint` or STORAGE_EMULATOR_HOST. */
  host: string;
  stop: () => Promise<void>;
}

/** Starts the storage emulator on a free port with quiet logs; `stop` frees the port and its blob folder. */
export async function startGcsEmulator(): Promise<GcsEmulator> {
  if (EmulatorRegistry.get("storage")) {
    throw new Error("A storage emulator is already running in this process; share it or stop it first");
  }
  EmulatorLogger.setVerbosity(SILENT);
  // The emulator keeps object bytes in a folder that defaults to a fixed path
  // under the OS temp dir and is wiped on stop, which would break a second
  // emulator in another test process; give each its own.
  // RAM-backed /dev/shm halves the emulator's per-request cost (it opens and
  // rewrites files synchronously on every upload).
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const blobDir = mkdtempSync(join(base, "snapshelf-gcs-emulator-"));
  class IsolatedStorageEmulator extends StorageEmulator {
    override getPersistenceTmpDir(): string {
      return blobDir;
    }
  }
  const emulator = new IsolatedStorageEmulator({
    projectId: PROJECT_ID,
    host: "127.0.0.1",
    port: 0,
    rules: [],
    auto_download: false,
  });
  // Skips emulator.start(), which would start the Java rules runtime.
  const app = await createApp(PROJECT_ID, emulator);
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolveListen, reject) => {
    server.once("listening", resolveListen);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  // The emulator builds self links (even for bucket metadata on first write)
  // from the registry, so it must know its own port.
  emulator.args.port = port;
  EmulatorRegistry.set("storage", emulator);

  let stopped = false;
  return {
    host: `http://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      EmulatorRegistry.clear("storage");
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}
