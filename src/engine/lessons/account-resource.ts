/**
 * Lesson 2: account and resource forests. Seed "Understanding Users, Groups, and Contacts": an
 * enabled account contributes the sign-in attributes, a linked mailbox (disabled, with
 * msExchMasterAccountSid) never does, and a disabled account only when no enabled one exists.
 */
import type { SyncEngine } from '../sync/engine.ts';
import type { Lesson } from './model.ts';
import {
  deltaCycle,
  forestObject,
  initialCycle,
  joined,
  mvNamed,
  result,
  see,
  tenantNamed,
  text,
} from './state.ts';

const ACCOUNTS = 'fabrikam.com';
const RESOURCES = 'resources.fabrikam.net';
const ANN_ACCOUNT = 'CN=Ann Lee,OU=Staff,DC=fabrikam,DC=com';
const GIL_MAILBOX = 'CN=Gil Moreno,OU=Linked Mailboxes,DC=resources,DC=fabrikam,DC=net';
const GIL_ACCOUNT = 'CN=Gil Moreno,OU=Staff,DC=fabrikam,DC=com';
/** The next relative id in fabrikam.com's domain (its users end in -1105 to -1107). */
const GIL_SID = 'S-1-5-21-1454471165-1004335555-1606980848-1108';

function user(e: SyncEngine, name: string) {
  const cloud = tenantNamed(e, name).filter((o) => o.objectType === 'user');
  return cloud.length === 1 ? cloud[0] : undefined;
}

export const accountResource: Lesson = {
  id: 'account-resource',
  title: 'Account and resource forests: linked mailboxes and disabled accounts',
  goal: 'See how an account in one forest and its linked mailbox in another become one user, which forest gives which attributes, and what a disabled account changes.',
  scenario: 'account-resource-forest',
  summary:
    'With user matching on objectSID = msExchMasterAccountSID, the account and its linked mailbox are one metaverse object. The enabled account gives userPrincipalName, sourceAnchor and accountEnabled; the mailbox gives the Exchange attributes. A linked mailbox never contributes sign-in attributes, so one whose account is not synchronized is never provisioned on its own.',
  steps: [
    {
      id: 'first-cycle',
      title: 'Synchronize both forests',
      explanation:
        "Users sign in with accounts in fabrikam.com; their mailboxes are linked mailboxes in resources.fabrikam.net: disabled users whose msExchMasterAccountSid is the account's objectSid. The installation chose user matching on objectSID to msExchMasterAccountSID, so the two join.",
      action: { text: 'In the Sync screen, run an initial cycle.', screen: 'sync' },
      hints: [
        'Open Ann Lee in the Metaverse screen: one object, a connector in each forest.',
        'userPrincipalName comes from the account forest, mail from the mailbox.',
      ],
      showMe: { text: 'Runs an initial cycle.', actions: () => [initialCycle()] },
      check: (e) => {
        const mv = mvNamed(e, 'Ann Lee');
        const connectors = mv.length === 1 && mv[0] ? joined(e, mv[0]).map((c) => c.connector) : [];
        const ann = user(e, 'Ann Lee');
        return result(
          see(mv.length === 1, `Ann Lee has ${mv.length} metaverse object(s)`),
          see(
            connectors.includes(ACCOUNTS) && connectors.includes(RESOURCES),
            `joined to ${connectors.join(', ') || 'nothing'}`,
          ),
          see(
            text(ann?.attributes.userPrincipalName) === 'ann.lee@fabrikam.com',
            `Entra ID userPrincipalName: ${text(ann?.attributes.userPrincipalName) ?? 'none'}`,
          ),
          see(
            text(ann?.attributes.mail) === 'ann.lee@fabrikam.com',
            `Entra ID mail: ${text(ann?.attributes.mail) ?? 'none'}`,
          ),
          see(
            !user(e, 'Gil Moreno'),
            `Gil Moreno ${user(e, 'Gil Moreno') ? 'is' : 'is not'} in Entra ID`,
          ),
        );
      },
    },
    {
      id: 'disable-account',
      title: 'Disable the account',
      explanation:
        "When Ann's account is disabled, it is still the only account with sign-in attributes: the linked mailbox (also disabled) never contributes them. Ann stays one user in Entra ID, with accountEnabled false.",
      action: {
        text: "In the Forests screen, disable Ann Lee's account in fabrikam.com, then run a delta cycle.",
        screen: 'forests',
      },
      hints: [
        'Disabling sets the ACCOUNTDISABLE flag (2) of userAccountControl.',
        "Watch userPrincipalName: it does not move to the mailbox's ann.lee@resources.fabrikam.net.",
      ],
      showMe: {
        text: 'Disables CN=Ann Lee in fabrikam.com and runs a delta cycle.',
        actions: () => [
          { kind: 'object-enable', forest: ACCOUNTS, dn: ANN_ACCOUNT, enabled: false },
          deltaCycle(),
        ],
      },
      check: (e) => {
        const ann = user(e, 'Ann Lee');
        const enabled = ann?.attributes.accountEnabled;
        return result(
          see(ann !== undefined, `Ann Lee is ${ann ? 'one user' : 'not one user'} in Entra ID`),
          see(enabled === false, `accountEnabled: ${String(enabled ?? 'not set')}`),
          see(
            text(ann?.attributes.userPrincipalName) === 'ann.lee@fabrikam.com',
            `userPrincipalName: ${text(ann?.attributes.userPrincipalName) ?? 'none'}`,
          ),
        );
      },
    },
    {
      id: 'link-gil',
      title: "Give Gil Moreno's mailbox an account",
      explanation:
        "Gil Moreno's linked mailbox points at an account in a forest that is not synchronized, so it contributes no sourceAnchor and is never provisioned. Link the mailbox to a fabrikam.com account SID (msExchMasterAccountSid) and synchronize; then create the account with that objectSid: it joins the mailbox's metaverse object on objectSid = msExchMasterAccountSid, and Gil appears in Entra ID with the account's UPN and the mailbox's mail.",
      action: {
        text: `In the Forests screen, set the msExchMasterAccountSid of Gil's mailbox to ${GIL_SID} and run a delta cycle; then add the user ${GIL_ACCOUNT} (enabled, objectSid ${GIL_SID}, userPrincipalName gil.moreno@fabrikam.com) and run a delta cycle.`,
        screen: 'forests',
      },
      hints: [
        'Exchange does the link with Set-User -LinkedMasterAccount; in the directory it is msExchMasterAccountSid.',
        "The join rule compares the account's objectSid with the metaverse's msExchMasterAccountSid: the mailbox's new value must be synchronized before the account arrives, else the account projects an object of its own.",
      ],
      showMe: {
        text: "Links Gil's mailbox to a fabrikam.com SID, runs a delta cycle, adds his account with that SID and runs a delta cycle.",
        actions: (e) => {
          const mailbox = forestObject(e, RESOURCES, GIL_MAILBOX);
          return [
            {
              kind: 'object-modify',
              forest: RESOURCES,
              dn: mailbox?.dn ?? GIL_MAILBOX,
              set: { msExchMasterAccountSid: [GIL_SID] },
              clear: [],
            },
            deltaCycle(),
            {
              kind: 'object-add',
              forest: ACCOUNTS,
              dn: GIL_ACCOUNT,
              objectClass: 'user',
              attributes: {
                sAMAccountName: ['gil.moreno'],
                userPrincipalName: ['gil.moreno@fabrikam.com'],
                givenName: ['Gil'],
                sn: ['Moreno'],
                displayName: ['Gil Moreno'],
                objectSid: [GIL_SID],
                userAccountControl: ['512'],
              },
            },
            deltaCycle(),
          ];
        },
      },
      check: (e) => {
        const gil = user(e, 'Gil Moreno');
        return result(
          see(gil !== undefined, `Gil Moreno ${gil ? 'is' : 'is not'} a user in Entra ID`),
          see(
            text(gil?.attributes.userPrincipalName) === 'gil.moreno@fabrikam.com',
            `userPrincipalName: ${text(gil?.attributes.userPrincipalName) ?? 'none'}`,
          ),
          see(
            text(gil?.attributes.mail) === 'gil.moreno@fabrikam.com',
            `mail (from the mailbox): ${text(gil?.attributes.mail) ?? 'none'}`,
          ),
        );
      },
    },
  ],
};
