/** Which record types the generic restore knows, by snapshot type. */
import { UserFacingError } from "~/errors";
import { collectionRestorer } from "./collections";
import { articleRestorer, blogRestorer, menuRestorer, pageRestorer, redirectRestorer } from "./content";
import { customerRestorer } from "./customers";
import { inventoryLevelRestorer } from "./inventory";
import { orderRestorer } from "./orders";
import { metafieldDefinitionRestorer, metaobjectDefinitionRestorer, metaobjectRestorer } from "./metaobjects";
import type { RecordRestorer } from "./restorer";

// In dependency order: definitions before the entries and owners that use them.
const restorers: RecordRestorer[] = [metafieldDefinitionRestorer, metaobjectDefinitionRestorer, metaobjectRestorer, collectionRestorer, inventoryLevelRestorer, customerRestorer, pageRestorer, blogRestorer, articleRestorer, redirectRestorer, menuRestorer, orderRestorer];
const byType = new Map(restorers.map((r) => [r.type, r]));

/** Types restorable through the generic path (products and themes have their own). */
export const RESTORABLE_RECORD_TYPES: readonly string[] = restorers.map((r) => r.type);

export function restorerFor(type: string): RecordRestorer {
  const restorer = byType.get(type);
  if (!restorer) throw new UserFacingError(`Records of type ${type} cannot be restored`, { type });
  return restorer;
}
