/**
 * Lesson 8: the user-matching pitfall. Seed "Understanding Users, Groups, and Contacts": contacts
 * always join on mail, users only with user matching on mail; a contact projected before its
 * user leaves two metaverse objects with the same mail.
 */
import type { SyncEngine } from '../sync/engine.ts';
import type { Lesson } from './model.ts';
import {
  deltaCycle,
  initialCycle,
  mvWithMail,
  result,
  see,
  tenantNamed,
  text,
  texts,
} from './state.ts';

const MAIL = 'dana.fox@fabrikam.com';
const CONTACT = 'CN=Dana Fox,OU=GALSync,DC=contoso,DC=com';

function danaUser(e: SyncEngine) {
  return tenantNamed(e, 'Dana Fox').find((o) => o.objectType === 'user');
}

export const userMatchingPitfall: Lesson = {
  id: 'user-matching-pitfall',
  title: 'The user-matching pitfall: contacts and users not matched on mail',
  goal: 'See why a GALSync contact and the real user end up as two objects when the installation did not choose user matching on mail, and clean it up.',
  scenario: 'user-matching-pitfall',
  summary:
    'Contacts always join on mail; users join across forests only with the user matching chosen in the wizard. With "users are represented only once" (none), a contact imported before its user is projected first, and the user projects a second metaverse object with the same mail: the result depends on the import order. In Entra ID the address belongs to one of them only. Remove the redundant contact, or choose user matching on mail for this topology.',
  steps: [
    {
      id: 'first-cycle',
      title: 'Two objects with one mail',
      explanation:
        'contoso.com holds a GALSync contact for Dana Fox, whose account is in fabrikam.com, but the installation chose user matching "none". contoso.com is imported first, so the contact is projected first; Dana\'s user does not join it and projects a second object. Press "Verify import order" on this screen to see that fabrikam.com first gives one object.',
      action: {
        text: 'Run an initial cycle, then search the metaverse for mail dana.fox@fabrikam.com.',
        screen: 'sync',
      },
      hints: [
        'One object has sourceObjectType Contact, the other User.',
        "In Entra ID the user's SMTP address is quarantined: see its provisioningErrors.",
      ],
      showMe: { text: 'Runs an initial cycle.', actions: () => [initialCycle()] },
      check: (e) => {
        const mv = mvWithMail(e, MAIL);
        const types = mv.map((m) => text(m.attributes.sourceObjectType) ?? '?').sort();
        const errors = danaUser(e)?.provisioningErrors.map((p) => p.attribute) ?? [];
        return result(
          see(
            mv.length === 2,
            `${mv.length} metaverse object(s) with mail ${MAIL} (${types.join(', ')})`,
          ),
          see(
            errors.includes('proxyAddresses'),
            `Dana's user in Entra ID, provisioningErrors: ${errors.join(', ') || 'none'}`,
          ),
        );
      },
    },
    {
      id: 'remove-contact',
      title: 'Remove the redundant contact',
      explanation:
        "Dana's user is synchronized from fabrikam.com, so the GALSync contact in contoso.com is redundant. Delete it: the contact's metaverse object and Entra ID contact go away, and the service gives the user its address back.",
      action: {
        text: `In the Forests screen, delete ${CONTACT} in contoso.com, then run a delta cycle.`,
        screen: 'forests',
      },
      hints: [
        'In production, exclude the GALSync OU or fix the GALSync tool, so the contact is not created again.',
        'Choosing user matching on mail is the other fix: the contact and the user are then one object whatever the order.',
      ],
      showMe: {
        text: 'Deletes the Dana Fox contact in contoso.com and runs a delta cycle.',
        actions: () => [
          { kind: 'object-delete', forest: 'contoso.com', dn: CONTACT },
          deltaCycle(),
        ],
      },
      check: (e) => {
        const mv = mvWithMail(e, MAIL);
        const user = danaUser(e);
        const addresses = texts(user?.attributes.proxyAddresses);
        const contacts = tenantNamed(e, 'Dana Fox').filter((o) => o.objectType === 'contact');
        return result(
          see(mv.length === 1, `${mv.length} metaverse object(s) with mail ${MAIL}`),
          see(
            contacts.length === 0,
            `the Entra ID contact is ${contacts.length ? 'still there' : 'gone'}`,
          ),
          see(
            addresses.some((a) => a.toLowerCase() === `smtp:${MAIL}`) &&
              (user?.provisioningErrors.length ?? 1) === 0,
            `Dana's user: proxyAddresses ${addresses.join(', ') || 'none'}, ${user?.provisioningErrors.length ?? 0} provisioning error(s)`,
          ),
        );
      },
    },
  ],
};
