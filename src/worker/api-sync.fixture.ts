/**
 * A scenario for the per-partition statistics (api-sync.test.ts and e2e/sync-manager.spec.ts):
 * one forest with two domains, three users in the root domain and two in emea.contoso.com.
 */
export const ROOT_PARTITION = 'DC=contoso,DC=com';
export const EMEA_PARTITION = 'DC=emea,DC=contoso,DC=com';

function user(cn: string, domain: string, n: number) {
  return {
    dn: `CN=${cn},OU=Users,${domain}`,
    objectClass: 'user',
    attributes: {
      objectGUID: `8acc20ac-82f7-42de-8532-14468bedd${String(n).padStart(3, '0')}`,
      sAMAccountName: cn.toLowerCase(),
      userPrincipalName: `${cn.toLowerCase()}@contoso.com`,
      displayName: cn,
      userAccountControl: 512,
    },
  };
}

/** The scenario file's text. */
export function twoDomainScenario(): string {
  return JSON.stringify({
    synclab: 1,
    name: 'Two domains',
    tenant: { initialDomain: 'contoso.onmicrosoft.com', verifiedDomains: ['contoso.com'] },
    forests: [
      {
        name: 'contoso.com',
        netbios: 'CONTOSO',
        domains: [{ name: 'emea.contoso.com', netbios: 'EMEA' }],
        objects: [
          { dn: `OU=Users,${ROOT_PARTITION}`, objectClass: 'organizationalUnit', attributes: {} },
          { dn: `OU=Users,${EMEA_PARTITION}`, objectClass: 'organizationalUnit', attributes: {} },
          user('Ann', ROOT_PARTITION, 1),
          user('Bob', ROOT_PARTITION, 2),
          user('Cat', ROOT_PARTITION, 3),
          user('Dan', EMEA_PARTITION, 4),
          user('Eve', EMEA_PARTITION, 5),
        ],
      },
    ],
  });
}
