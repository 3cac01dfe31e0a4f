/**
 * Lesson 1 (the headline): contact-to-user promotion in a GALSync merger. Seed "Understanding
 * Users, Groups, and Contacts": a contact whose user joins later on mail becomes a user; the
 * Entra ID contact is deleted and a user is created.
 */
import type { SyncEngine } from '../sync/engine.ts';
import type { Lesson } from './model.ts';
import {
  csByDn,
  describeCloud,
  exportToEntra,
  joined,
  mvNamed,
  result,
  run,
  see,
  tenantNamed,
  text,
} from './state.ts';

const CONTOSO = 'contoso.com';
const FABRIKAM = 'fabrikam.com';
const CARL_CONTACT = 'CN=Carl Berg,OU=GALSync,DC=contoso,DC=com';

function carl(e: SyncEngine) {
  const mv = mvNamed(e, 'Carl Berg');
  const cloud = tenantNamed(e, 'Carl Berg');
  return {
    mv,
    type: mv.length === 1 ? text(mv[0]?.attributes.sourceObjectType) : undefined,
    connectors: mv.length === 1 && mv[0] ? joined(e, mv[0]).map((c) => c.connector) : [],
    contacts: cloud.filter((o) => o.objectType === 'contact'),
    users: cloud.filter((o) => o.objectType === 'user'),
  };
}

export const galsyncPromotion: Lesson = {
  id: 'galsync-promotion',
  title: 'Contact-to-user promotion in a GALSync merger',
  goal: 'See a GALSync contact become a user when the real user account joins it on mail: the Entra ID contact is deleted and a user is created in its place.',
  scenario: 'galsync-merger',
  summary:
    'A contact and a user with the same mail are one metaverse object when user matching is on mail. While only the contact is known, sourceObjectType is Contact and Entra ID holds a contact; when the user joins, sourceObjectType becomes User, "Out to AAD - Contact Join" goes out of scope and "Out to AAD - User Join" provisions a user: the contact is promoted.',
  steps: [
    {
      id: 'import-contoso',
      title: 'Import contoso.com',
      explanation:
        'After the merger, a GALSync tool created in contoso.com a mail contact for each user of fabrikam.com (Carl Berg and Dana Fox). The sync engine first stages what the forest holds in its connector space: a Full Import reads every object.',
      action: {
        text: 'In the Sync screen, run the Full Import run profile of the contoso.com connector.',
        screen: 'sync',
      },
      hints: [
        'Run profiles are per connector: choose contoso.com, then "Full Import".',
        'An import only stages objects in the connector space; the metaverse does not change yet.',
      ],
      showMe: {
        text: 'Runs Full Import on contoso.com.',
        actions: () => [run({ run: 'Full Import', connector: CONTOSO })],
      },
      check: (e) => {
        const cs = csByDn(e, CONTOSO, CARL_CONTACT);
        return result(
          see(
            cs !== undefined,
            `Carl Berg's contact ${cs ? 'is' : 'is not'} in the contoso.com connector space`,
          ),
        );
      },
    },
    {
      id: 'sync-contoso',
      title: 'Synchronize contoso.com',
      explanation:
        'A Full Synchronization applies the inbound rules. "In from AD - Contact Join" projects Carl Berg\'s contact into the metaverse as a person with sourceObjectType Contact: nobody else has his mail yet.',
      action: {
        text: 'Run Full Synchronization on contoso.com, then open Carl Berg in the Metaverse screen.',
        screen: 'sync',
      },
      hints: [
        'Look at sourceObjectType and at the connectors of the metaverse object.',
        'The contact joins on mail; so do users, because the installation chose user matching on mail.',
      ],
      showMe: {
        text: 'Runs Full Synchronization on contoso.com.',
        actions: () => [run({ run: 'Full Synchronization', connector: CONTOSO })],
      },
      check: (e) => {
        const c = carl(e);
        return result(
          see(c.mv.length === 1, `Carl Berg has ${c.mv.length} metaverse object(s)`),
          see(c.type === 'Contact', `its sourceObjectType is ${c.type ?? 'not set'}`),
        );
      },
    },
    {
      id: 'export-contact',
      title: 'Export the contact to Entra ID',
      explanation:
        'Synchronization also ran the outbound rules: "Out to AAD - Contact Join" provisioned an object in the Entra ID connector space, a pending export. The Export run profile of the Entra ID connector sends it: Carl Berg exists in Entra ID as a contact.',
      action: {
        text: 'Run Export on the Entra ID connector (contoso.onmicrosoft.com - AAD).',
        screen: 'sync',
      },
      hints: [
        'Pending exports wait in the Entra ID connector space until its Export run profile runs.',
      ],
      showMe: exportToEntra,
      check: (e) => {
        const c = carl(e);
        return result(
          see(
            c.contacts.length === 1,
            `Carl Berg in Entra ID: ${c.contacts.length === 1 ? 'a contact' : describeCloud(c.users[0])}`,
          ),
        );
      },
    },
    {
      id: 'join-fabrikam',
      title: 'Bring in fabrikam.com: the user joins the contact',
      explanation:
        'Carl Berg\'s real account lives in fabrikam.com. With user matching on mail, "In from AD - User Join" joins it to the metaverse object the contact created. The user wins: sourceObjectType becomes User, and the object now has a connector in each forest.',
      action: {
        text: 'Run Full Import, then Full Synchronization, on fabrikam.com.',
        screen: 'sync',
      },
      hints: [
        'Import first, then synchronize: the join happens in the synchronization.',
        'Afterwards, look at the pending exports of the Entra ID connector: a delete and an add.',
      ],
      showMe: {
        text: 'Runs Full Import and Full Synchronization on fabrikam.com.',
        actions: () => [
          run({ run: 'Full Import', connector: FABRIKAM }),
          run({ run: 'Full Synchronization', connector: FABRIKAM }),
        ],
      },
      check: (e) => {
        const c = carl(e);
        return result(
          see(c.mv.length === 1, `Carl Berg has ${c.mv.length} metaverse object(s)`),
          see(c.type === 'User', `its sourceObjectType is ${c.type ?? 'not set'}`),
          see(
            c.connectors.includes(CONTOSO) && c.connectors.includes(FABRIKAM),
            `it is joined to ${c.connectors.join(', ') || 'no connector'}`,
          ),
        );
      },
    },
    {
      id: 'export-promotion',
      title: 'Export: the contact is promoted',
      explanation:
        'The next export to Entra ID deletes the contact and creates a user: Entra ID cannot turn a contact into a user, so the promotion is a delete and an add.',
      action: {
        text: 'Run Export on the Entra ID connector, then look at Carl Berg in the tenant.',
        screen: 'sync',
      },
      hints: ['A scheduled delta cycle would do the same: its last step is the export.'],
      showMe: exportToEntra,
      check: (e) => {
        const c = carl(e);
        return result(
          see(
            c.users.length === 1,
            `Carl Berg is ${c.users.length === 1 ? 'now a user' : 'not a user'} in Entra ID`,
          ),
          see(
            c.contacts.length === 0,
            `the contact is ${c.contacts.length === 0 ? 'gone' : 'still there'}`,
          ),
        );
      },
    },
  ],
};
