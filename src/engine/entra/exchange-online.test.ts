import { describe, expect, it } from 'vitest';
import type { AttributeBag } from '../expr/values.ts';
import { exchangeOnlineRecipient } from './exchange-online.ts';
import type { CloudObjectType } from './types.ts';

const GUID = 'f20047a9-3fd1-4906-8d98-188feacdd5b7';

function recipient(
  objectType: CloudObjectType,
  attributes: AttributeBag,
  options: { exchangeLicense?: boolean; verifiedDomains?: string[] } = {},
) {
  return exchangeOnlineRecipient({ objectType, attributes }, options);
}

describe('users', () => {
  it('an on-premises mailbox is a mail user, licensed or not', () => {
    const attrs = { msExchRecipientTypeDetails: 1, msExchMailboxGuid: GUID, mail: 'a@contoso.com' };
    expect(recipient('user', attrs).recipientTypeDetails).toBe('MailUser');
    const licensed = recipient('user', attrs, { exchangeLicense: true });
    expect(licensed.recipientTypeDetails).toBe('MailUser');
    expect(licensed.warnings.join(' ')).toContain('stays on-premises');
  });

  it('rooms and linked mailboxes on-premises are mail users too', () => {
    expect(
      recipient('user', { msExchRecipientTypeDetails: 16n, msExchMailboxGuid: GUID })
        .recipientTypeDetails,
    ).toBe('MailUser');
    expect(
      recipient('user', { msExchRecipientTypeDetails: '2', msExchMailboxGuid: GUID })
        .recipientTypeDetails,
    ).toBe('MailUser');
  });

  it('a licence on an on-premises mailbox without ExchangeGuid makes a second mailbox', () => {
    const r = recipient('user', { msExchRecipientTypeDetails: 1 }, { exchangeLicense: true });
    expect(r.recipientTypeDetails).toBe('UserMailbox');
    expect(r.warnings.join(' ')).toContain('second, cloud mailbox');
  });

  it('remote mailboxes are cloud mailboxes of the matching kind', () => {
    expect(
      recipient(
        'user',
        { msExchRecipientTypeDetails: 2147483648n, msExchMailboxGuid: GUID },
        { exchangeLicense: true },
      ).recipientTypeDetails,
    ).toBe('UserMailbox');
    expect(
      recipient('user', { msExchRecipientTypeDetails: 2147483648n, msExchMailboxGuid: GUID })
        .recipientTypeDetails,
    ).toBe('MailUser');
    expect(
      recipient('user', { msExchRecipientTypeDetails: 8589934592n, msExchMailboxGuid: GUID })
        .recipientTypeDetails,
    ).toBe('RoomMailbox');
    expect(
      recipient('user', { msExchRecipientTypeDetails: 17179869184n, msExchMailboxGuid: GUID })
        .recipientTypeDetails,
    ).toBe('EquipmentMailbox');
    expect(
      recipient('user', { msExchRecipientTypeDetails: 34359738368n, msExchMailboxGuid: GUID })
        .recipientTypeDetails,
    ).toBe('SharedMailbox');
  });

  it('without Exchange on-premises: licence → mailbox, mail only → mail user, nothing → none', () => {
    const attrs = { userPrincipalName: 'a@contoso.com', proxyAddresses: ['SMTP:a@contoso.com'] };
    expect(recipient('user', attrs, { exchangeLicense: true }).recipientTypeDetails).toBe(
      'UserMailbox',
    );
    expect(
      recipient('user', { ...attrs, assignedLicenses: ['EXCHANGESTANDARD'] }).recipientTypeDetails,
    ).toBe('UserMailbox');
    expect(recipient('user', attrs).recipientTypeDetails).toBe('MailUser');
    expect(
      recipient('user', { userPrincipalName: 'a@contoso.com' }).recipientTypeDetails,
    ).toBeNull();
  });

  it('flags two primary addresses and unverified domains', () => {
    const r = recipient(
      'user',
      { proxyAddresses: ['SMTP:a@contoso.com', 'SMTP:b@contoso.local'] },
      { verifiedDomains: ['contoso.com'] },
    );
    expect(r.warnings.join(' ')).toContain('More than one primary');
    const u = recipient(
      'user',
      { proxyAddresses: ['SMTP:b@contoso.local'] },
      { verifiedDomains: ['contoso.com'] },
    );
    expect(u.warnings.join(' ')).toContain('not a verified domain');
  });
});

describe('contacts and groups', () => {
  it('contacts with an external address are mail contacts', () => {
    expect(
      recipient('contact', { targetAddress: 'SMTP:bob@fabrikam.com' }).recipientTypeDetails,
    ).toBe('MailContact');
    const noTarget = recipient('contact', { mail: 'bob@fabrikam.com' });
    expect(noTarget.recipientTypeDetails).toBe('MailContact');
    expect(noTarget.warnings).toHaveLength(1);
    expect(recipient('contact', { displayName: 'Bob' }).recipientTypeDetails).toBeNull();
  });

  it('mail-enabled groups follow securityEnabled; X500-only groups are not recipients', () => {
    expect(
      recipient('group', { proxyAddresses: ['SMTP:sales@contoso.com'], securityEnabled: false })
        .recipientTypeDetails,
    ).toBe('MailUniversalDistributionGroup');
    expect(
      recipient('group', { proxyAddresses: ['smtp:sec@contoso.com'], securityEnabled: true })
        .recipientTypeDetails,
    ).toBe('MailUniversalSecurityGroup');
    expect(
      recipient('group', { mail: 'hr@contoso.com', securityEnabled: true }).recipientTypeDetails,
    ).toBe('MailUniversalSecurityGroup');
    expect(
      recipient('group', {
        proxyAddresses: ['X500:/o=contoso/cn=testgroup'],
        securityEnabled: true,
      }).recipientTypeDetails,
    ).toBeNull();
  });
});
