import { createFakeKmsClient } from "./fake-kms-client";
import { runKeyProviderConformance } from "./key-provider.conformance";
import { createKmsKeyProvider } from "./kms-key-provider";
import { createLocalKeyProvider, generateMasterKey } from "./local-key-provider";

const masterKeys = { a: generateMasterKey(), b: generateMasterKey() };
runKeyProviderConformance("local master key", async (which) => createLocalKeyProvider(masterKeys[which]));

// Cloud KMS has no emulator: this runs against THE FAKE (fake-kms-client.ts).
const keyNames = {
  a: "projects/p/locations/global/keyRings/snapshelf/cryptoKeys/a",
  b: "projects/p/locations/global/keyRings/snapshelf/cryptoKeys/b",
};
const fakeKms = createFakeKmsClient(Object.values(keyNames));
runKeyProviderConformance("Cloud KMS (fake client)", async (which) =>
  createKmsKeyProvider({ keyName: keyNames[which], client: fakeKms }),
);
