/**
 * A throw-away copy of an engine's connector spaces and metaverse, with another rule set, for
 * "what would this change do" questions. Records are immutable once stored (sync/model.ts), so
 * the copy shares them with the original and only its maps are new: copying 200,000 records is a
 * few hundred milliseconds, and nothing the copy does can reach the original.
 */
import type { TenantService } from '../entra/types.ts';
import { SyncEngine, seededRandom } from '../sync/engine.ts';
import type { SyncRule } from './model.ts';

/** Synchronization never calls the tenant; an export on a copy would be a bug, so it throws. */
const NO_TENANT: TenantService = new Proxy({} as TenantService, {
  get(_, name) {
    throw new Error(
      `The copy of the workspace has no tenant (it was asked for '${String(name)}'): it only synchronizes.`,
    );
  },
});

/**
 * Copies `source` (connector spaces, metaverse, counters, provisioning retries) into a new engine
 * that runs `rules`. The copy keeps no journal and has no forests or tenant: it can synchronize,
 * not import or export.
 *
 * @example
 * const copy = copyForSynchronization(engine, [...engine.rules.values(), myRule]);
 * copy.syncObject(copy.cs.get(csId)!, run); // the original engine is untouched
 */
export function copyForSynchronization(source: SyncEngine, rules: readonly SyncRule[]): SyncEngine {
  const copy = new SyncEngine({
    connectors: source.connectors,
    rules: [...rules],
    tenant: NO_TENANT,
    deletionThreshold: source.deletionThreshold,
    forests: [],
    clock: source.clock,
    // Its own generator: RandomNum() on the copy must not advance the original's sequence.
    random: seededRandom(1),
    journal: false,
  });
  for (const [k, v] of source.meta.entries()) copy.meta.set(k, v);
  for (const [k, v] of source.mv.entries()) copy.mv.set(k, v);
  for (const [k, v] of source.cs.entries()) copy.cs.set(k, v);
  for (const [k, v] of source.retryProvisioning.entries()) copy.retryProvisioning.set(k, v);
  return copy;
}
