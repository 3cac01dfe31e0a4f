/**
 * Lesson 7: mail-enabled groups. Seed "Understanding Users, Groups, and Contacts": a group is
 * mail-enabled when proxyAddresses holds an SMTP address, or, with empty proxyAddresses, when mail
 * has a value; built-in groups (isCriticalSystemObject) are not synchronized.
 */
import { isMailEnabled } from '../entra/tenant.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { Lesson } from './model.ts';
import { deltaCycle, initialCycle, mvNamed, result, see, tenantNamed } from './state.ts';

const LEGACY = 'CN=Legacy Project,OU=Groups,DC=contoso,DC=com';
const BUILDING = 'CN=Building 4 Access,OU=Groups,DC=contoso,DC=com';

/** The metaverse's mailEnabled of a group, or undefined when it is not in the metaverse. */
function mvMailEnabled(e: SyncEngine, name: string): boolean | undefined {
  const mv = mvNamed(e, name).find((m) => m.objectType === 'group');
  return mv ? mv.attributes.mailEnabled === true : undefined;
}

function cloudMailEnabled(e: SyncEngine, name: string): boolean | undefined {
  const o = tenantNamed(e, name).find((x) => x.objectType === 'group');
  return o ? isMailEnabled(o.attributes) : undefined;
}

const word = (v: boolean | undefined) =>
  v === undefined ? 'not synchronized' : v ? 'mail-enabled' : 'not mail-enabled';

export const mailEnabledGroups: Lesson = {
  id: 'mail-enabled-groups',
  title: 'Mail-enabled groups',
  goal: 'Learn when a group counts as mail-enabled, and make a security group mail-enabled from AD.',
  scenario: 'group-mail-enabled',
  summary:
    'A group is mail-enabled when proxyAddresses holds an SMTP: (or smtp:) address; with empty proxyAddresses, a mail value is enough. An X500: address alone is not. Built-in groups (isCriticalSystemObject) and dynamic distribution groups are never synchronized, and primary group membership does not flow.',
  steps: [
    {
      id: 'first-cycle',
      title: 'Which groups are mail-enabled?',
      explanation:
        'Sales has an SMTP: address, Support only a lowercase smtp: address, Finance Notices no proxyAddresses but a mail value: all three are mail-enabled. Legacy Project has only an X500: address and Building 4 Access nothing: they are security groups. Domain Admins is a built-in group and stays out.',
      action: {
        text: "Run an initial cycle, then compare the groups' mailEnabled in the Metaverse screen.",
        screen: 'sync',
      },
      hints: [
        '"In from AD - Group Common" computes mailEnabled from proxyAddresses and mail.',
        'Domain Admins is never in scope of "In from AD - Group Join".',
      ],
      showMe: { text: 'Runs an initial cycle.', actions: () => [initialCycle()] },
      check: (e) =>
        result(
          ...['Sales', 'Support', 'Finance Notices'].map((n) =>
            see(mvMailEnabled(e, n) === true, `${n}: ${word(mvMailEnabled(e, n))}`),
          ),
          ...['Legacy Project', 'Building 4 Access'].map((n) =>
            see(mvMailEnabled(e, n) === false, `${n}: ${word(mvMailEnabled(e, n))}`),
          ),
          see(
            mvNamed(e, 'Domain Admins').length === 0,
            `Domain Admins: ${mvNamed(e, 'Domain Admins').length ? 'in the metaverse' : 'not synchronized'}`,
          ),
        ),
    },
    {
      id: 'smtp-address',
      title: 'Give Legacy Project an SMTP address',
      explanation:
        "An X500: address does not make a group mail-enabled. Add an SMTP: address to Legacy Project's proxyAddresses: after the next delta cycle it is mail-enabled in the metaverse and in Entra ID.",
      action: {
        text: `In the Forests screen, add SMTP:legacy.project@contoso.com to the proxyAddresses of ${LEGACY} (keep the X500: address), then run a delta cycle.`,
        screen: 'forests',
      },
      hints: ['Keep the existing X500: value: proxyAddresses is multi-valued.'],
      showMe: {
        text: 'Adds an SMTP address to Legacy Project and runs a delta cycle.',
        actions: (e) => {
          const current = [...(e.forests.get('contoso.com')?.values() ?? [])].find(
            (o) => o.dn.toLowerCase() === LEGACY.toLowerCase(),
          )?.attributes.proxyAddresses;
          const values = (Array.isArray(current) ? current : current ? [current] : []).map(String);
          return [
            {
              kind: 'object-modify',
              forest: 'contoso.com',
              dn: LEGACY,
              set: { proxyAddresses: [...values, 'SMTP:legacy.project@contoso.com'] },
              clear: [],
            },
            deltaCycle(),
          ];
        },
      },
      check: (e) =>
        result(
          see(
            mvMailEnabled(e, 'Legacy Project') === true,
            `metaverse: ${word(mvMailEnabled(e, 'Legacy Project'))}`,
          ),
          see(
            cloudMailEnabled(e, 'Legacy Project') === true,
            `Entra ID: ${word(cloudMailEnabled(e, 'Legacy Project'))}`,
          ),
        ),
    },
    {
      id: 'mail-only',
      title: 'mail alone, with empty proxyAddresses',
      explanation:
        'Building 4 Access has no proxyAddresses. Then mail decides: give it a mail value and it becomes mail-enabled, like Finance Notices.',
      action: {
        text: `In the Forests screen, set the mail of ${BUILDING} to building4@contoso.com, then run a delta cycle.`,
        screen: 'forests',
      },
      hints: [
        'This only works while proxyAddresses is empty: with an X500: address only, mail would not count.',
      ],
      showMe: {
        text: 'Sets mail on Building 4 Access and runs a delta cycle.',
        actions: () => [
          {
            kind: 'object-modify',
            forest: 'contoso.com',
            dn: BUILDING,
            set: { mail: ['building4@contoso.com'] },
            clear: [],
          },
          deltaCycle(),
        ],
      },
      check: (e) =>
        result(
          see(
            mvMailEnabled(e, 'Building 4 Access') === true,
            `metaverse: ${word(mvMailEnabled(e, 'Building 4 Access'))}`,
          ),
          see(
            cloudMailEnabled(e, 'Building 4 Access') === true,
            `Entra ID: ${word(cloudMailEnabled(e, 'Building 4 Access'))}`,
          ),
        ),
    },
  ],
};
