/** Test helper: an engine whose metaverse holds the given records, nothing else run. */
import type { AttributeBag } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { createEngine } from '../sync/scenario-runner.ts';
import { scenario } from '../sync/test-helpers.ts';

export interface MvRecordInput {
  id: string;
  /** `person` when absent. */
  objectType?: string;
  attributes: AttributeBag;
}

/**
 * @example
 * const e = engineWithMetaverse([{ id: 'mv-ann', attributes: { displayName: 'Ann' } }]);
 */
export function engineWithMetaverse(objects: readonly MvRecordInput[]): SyncEngine {
  const e = createEngine(scenario({ forests: [{ name: 'contoso.com', objects: [] }] }));
  for (const o of objects)
    e.mv.set(o.id, {
      id: o.id,
      objectType: o.objectType ?? 'person',
      attributes: o.attributes,
      connectors: [],
      version: 1,
    });
  return e;
}
