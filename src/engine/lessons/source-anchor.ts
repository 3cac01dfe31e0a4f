/**
 * Lesson 4: changing a sourceAnchor, and recovering. Spec: the sourceAnchor must never change
 * once exported; Entra Connect compares it with the value Entra ID accepted (cloudSourceAnchor).
 */
import { base64ToBytes, bytesToGuid } from '../io/binary.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { Lesson } from './model.ts';
import {
  csByDn,
  deltaCycle,
  initialCycle,
  modifyThenSync,
  mvNamed,
  result,
  see,
  tenantNamed,
  text,
} from './state.ts';

const FOREST = 'contoso.com';
const ANN = 'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com';
/** What a migration tool writes over Ann's mS-DS-ConsistencyGuid. */
const OTHER_GUID = 'c948f538-8863-4913-9898-77e380784beb';
const CHANGED = 'SourceAnchor attribute has changed.';

function annMv(e: SyncEngine) {
  const mv = mvNamed(e, 'Ann Lee');
  return mv.length === 1 ? mv[0] : undefined;
}

function annCloud(e: SyncEngine) {
  return tenantNamed(e, 'Ann Lee').find((o) => o.objectType === 'user');
}

/** Ann's error in the last synchronization run of contoso.com (the run the Sync screen lists). */
function syncError(e: SyncEngine): string | undefined {
  const runs = [...e.runs.values()].filter(
    (r) => r.connector === FOREST && r.profile.endsWith('Synchronization'),
  );
  const last = runs.sort((a, b) => b.index - a.index)[0];
  const fromRun = last?.errors.find((x) => x.dn.toLowerCase() === ANN.toLowerCase())?.message;
  return csByDn(e, FOREST, ANN)?.syncError?.message ?? fromRun;
}

/** While the anchor is changed Ann has the error and keeps her old title; after the fix, neither. */
function annAfterChange(e: SyncEngine, changed: boolean) {
  const err = syncError(e);
  const title = text(annCloud(e)?.attributes.title);
  return result(
    see(
      changed ? err === CHANGED : err === undefined,
      `Ann's synchronization error: ${err ?? 'none'}`,
    ),
    see((title === 'Senior Buyer') !== changed, `her title in Entra ID: ${title ?? 'none'}`),
  );
}

export const sourceAnchorChange: Lesson = {
  id: 'source-anchor',
  title: 'Changing a sourceAnchor, and recovering',
  goal: 'See why the sourceAnchor of an exported user must never change: the change is refused with "SourceAnchor attribute has changed.", her other changes stop flowing, and setting the value back recovers.',
  scenario: 'sourceanchor-change',
  summary:
    "The sourceAnchor (here mS-DS-ConsistencyGuid) becomes Entra ID's immutableId. Once Entra ID has confirmed it (cloudSourceAnchor), a different sourceAnchor is a synchronization error for the object and none of its changes are exported, until the original value is back.",
  steps: [
    {
      id: 'export-and-confirm',
      title: 'Export Ann and confirm her sourceAnchor',
      explanation:
        "The initial cycle exports Ann Lee with her mS-DS-ConsistencyGuid as sourceAnchor. The next cycle's import from Entra ID brings the accepted value back into the metaverse as cloudSourceAnchor.",
      action: { text: 'Run an initial cycle, then a delta cycle.', screen: 'sync' },
      hints: [
        'Open Ann Lee in the Metaverse screen and compare sourceAnchor and cloudSourceAnchor.',
      ],
      showMe: {
        text: 'Runs an initial cycle and a delta cycle.',
        actions: () => [initialCycle(), deltaCycle()],
      },
      check: (e) => {
        const mv = annMv(e);
        const anchor = text(mv?.attributes.sourceAnchor);
        const confirmed = text(mv?.attributes.cloudSourceAnchor);
        return result(
          see(annCloud(e) !== undefined, `Ann Lee ${annCloud(e) ? 'is' : 'is not'} in Entra ID`),
          see(
            anchor !== undefined && confirmed === anchor,
            `cloudSourceAnchor ${confirmed ? `is ${confirmed}` : 'is not set yet'}`,
          ),
        );
      },
    },
    {
      id: 'change-anchor',
      title: 'Overwrite mS-DS-ConsistencyGuid',
      explanation:
        'A migration tool overwrites Ann\'s mS-DS-ConsistencyGuid, and at the same time her title changes. The outbound rule "Out to AAD - User Join" sees a sourceAnchor that differs from cloudSourceAnchor and stops with "SourceAnchor attribute has changed.": the title change does not reach Entra ID either.',
      action: {
        text: `In the Forests screen, set Ann Lee's mS-DS-ConsistencyGuid to ${OTHER_GUID} and her title to Senior Buyer, then run a delta cycle.`,
        screen: 'forests',
      },
      hints: [
        'The error is reported in the contoso.com Delta Synchronization run, where the outbound rule is evaluated.',
        'Entra ID never accepts a new immutableId for a synchronized user from sync.',
      ],
      showMe: {
        text: 'Changes mS-DS-ConsistencyGuid and title, and runs a delta cycle.',
        actions: () =>
          modifyThenSync(FOREST, ANN, {
            'mS-DS-ConsistencyGuid': [OTHER_GUID],
            title: ['Senior Buyer'],
          }),
      },
      check: (e) => annAfterChange(e, true),
    },
    {
      id: 'recover',
      title: 'Recover: set the value back',
      explanation:
        'The fix is to put the original value back (the base64 sourceAnchor Entra ID holds, as a GUID). The next delta cycle clears the error, and the waiting title change flows.',
      action: {
        text: "In the Forests screen, set mS-DS-ConsistencyGuid back to the GUID of Ann's immutableId, then run a delta cycle.",
        screen: 'forests',
      },
      hints: [
        'Entra ID shows immutableId as base64; [Guid]([Convert]::FromBase64String($immutableId)) gives the GUID.',
        'Her original mS-DS-ConsistencyGuid is d7bf8e78-ec63-4734-89c6-c9a11cc7a86c.',
      ],
      showMe: {
        text: "Sets mS-DS-ConsistencyGuid back from Entra ID's immutableId and runs a delta cycle.",
        actions: (e) => {
          const bytes = base64ToBytes(text(annCloud(e)?.attributes.sourceAnchor) ?? '');
          const guid = bytes ? bytesToGuid(bytes) : null;
          return modifyThenSync(FOREST, ANN, { 'mS-DS-ConsistencyGuid': [guid ?? ''] });
        },
      },
      check: (e) => annAfterChange(e, false),
    },
  ],
};
