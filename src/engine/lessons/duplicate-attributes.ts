/**
 * Lesson 5: duplicate attribute resiliency (Microsoft Learn: "Identity synchronization and
 * duplicate attribute resiliency"): a duplicate UPN is quarantined, and restored when the
 * conflict is gone.
 */
import type { SyncEngine } from '../sync/engine.ts';
import type { Lesson } from './model.ts';
import { deltaCycle, initialCycle, result, see, tenantNamed, text } from './state.ts';

const SMITH = 'CN=John Smith,OU=Contoso Users,DC=contoso,DC=com';

function doe(e: SyncEngine) {
  return tenantNamed(e, 'John Doe').find((o) => o.objectType === 'user');
}

export const duplicateAttributes: Lesson = {
  id: 'duplicate-attributes',
  title: 'Duplicate attribute resiliency: a quarantined UPN, and its restore',
  goal: 'See Entra ID keep both users when two of them claim the same UPN and address, quarantine the duplicates, and give them back on its own when the conflict is gone.',
  scenario: 'duplicate-upn',
  summary:
    "With duplicate attribute resiliency the export does not fail: the object exported second gets a placeholder UPN <prefix><4 digits>@<initial domain> and loses the duplicate address; both conflicts are listed in provisioningErrors. When the other holder goes away, the service's background task restores the quarantined values without any change on-premises.",
  steps: [
    {
      id: 'first-cycle',
      title: 'Two users, one UPN',
      explanation:
        'After a merger, John Doe in fabrikam.com was given the UPN john@contoso.com and the address smtp:john@contoso.com, which John Smith in contoso.com already has. The initial cycle exports both.',
      action: {
        text: 'Run an initial cycle, then look at John Doe in the tenant.',
        screen: 'sync',
      },
      hints: [
        'The export run itself succeeds: look at provisioningErrors (DirSyncProvisioningErrors) on the object.',
      ],
      showMe: { text: 'Runs an initial cycle.', actions: () => [initialCycle()] },
      check: (e) => {
        const o = doe(e);
        const upn = text(o?.attributes.userPrincipalName) ?? 'none';
        const errors = o?.provisioningErrors.map((p) => p.attribute) ?? [];
        return result(
          see(
            /^john\d{4}@contoso\.onmicrosoft\.com$/.test(upn),
            `John Doe's UPN in Entra ID: ${upn}`,
          ),
          see(
            errors.includes('userPrincipalName'),
            `provisioningErrors: ${errors.join(', ') || 'none'}`,
          ),
        );
      },
    },
    {
      id: 'restore',
      title: 'The conflict goes away',
      explanation:
        "John Smith leaves and is deleted in contoso.com. The delta cycle deletes him in Entra ID, and the service's background task then gives John Doe his UPN and address back.",
      action: {
        text: `In the Forests screen, delete ${SMITH} in contoso.com, then run a delta cycle.`,
        screen: 'forests',
      },
      hints: ['Nothing changes on John Doe on-premises: the restore is done by Entra ID.'],
      showMe: {
        text: 'Deletes John Smith in contoso.com and runs a delta cycle.',
        actions: () => [{ kind: 'object-delete', forest: 'contoso.com', dn: SMITH }, deltaCycle()],
      },
      check: (e) => {
        const o = doe(e);
        const upn = text(o?.attributes.userPrincipalName) ?? 'none';
        return result(
          see(upn === 'john@contoso.com', `John Doe's UPN in Entra ID: ${upn}`),
          see(
            (o?.provisioningErrors.length ?? 1) === 0,
            `provisioningErrors: ${o?.provisioningErrors.map((p) => p.attribute).join(', ') || 'none'}`,
          ),
        );
      },
    },
  ],
};
