/**
 * What Exchange Online would make of a synced tenant object after forward sync: its
 * RecipientTypeDetails, derived from the attributes the "Out to AAD - ... ExchangeOnline" rules export
 * (msExchRecipientTypeDetails, msExchMailboxGuid, targetAddress, proxyAddresses, mail, alias ...).
 * The rules and their sources are in docs/fidelity.md, "## Exchange Online".
 */
import type { AttributeBag, Scalar, Value } from '../expr/values.ts';
import {
  domainPart,
  listOf,
  primarySmtp,
  smtpAddresses,
  stringOf,
  stringsOf,
} from './addresses.ts';
import { isMailEnabled } from './tenant.ts';
import type { CloudObject } from './types.ts';

export type ExchangeRecipientType =
  | 'UserMailbox'
  | 'SharedMailbox'
  | 'RoomMailbox'
  | 'EquipmentMailbox'
  | 'MailUser'
  | 'MailContact'
  | 'MailUniversalDistributionGroup'
  | 'MailUniversalSecurityGroup';

export interface ExchangeOnlineRecipient {
  /** `null`: not an Exchange Online recipient (a plain user, a security group, a device). */
  recipientTypeDetails: ExchangeRecipientType | null;
  /** Why, in one sentence. */
  reason: string;
  /** What Exchange Online would reject or do unexpectedly with this object. */
  warnings: string[];
}

export interface ExchangeOnlineOptions {
  /** Whether the user has an Exchange Online licence (default: a non-empty `assignedLicenses`). */
  exchangeLicense?: boolean;
  /** The tenant's verified domains, to flag addresses Exchange Online cannot use. */
  verifiedDomains?: readonly string[];
}

/** On-premises msExchRecipientTypeDetails values (Microsoft.Exchange.Data.Directory RecipientTypeDetails). */
export const RECIPIENT_TYPE_DETAILS = {
  UserMailbox: 0x1n,
  LinkedMailbox: 0x2n,
  SharedMailbox: 0x4n,
  RoomMailbox: 0x10n,
  EquipmentMailbox: 0x20n,
  MailContact: 0x40n,
  MailUser: 0x80n,
  MailUniversalDistributionGroup: 0x100n,
  MailNonUniversalGroup: 0x200n,
  MailUniversalSecurityGroup: 0x400n,
  DynamicDistributionGroup: 0x800n,
  RoleGroup: 1073741824n,
  RemoteUserMailbox: 2147483648n,
  RemoteRoomMailbox: 8589934592n,
  RemoteEquipmentMailbox: 17179869184n,
  RemoteSharedMailbox: 34359738368n,
} as const;

const RTD = RECIPIENT_TYPE_DETAILS;
const ON_PREMISES_MAILBOXES: ReadonlyMap<bigint, string> = new Map([
  [RTD.UserMailbox, 'mailbox'],
  [RTD.LinkedMailbox, 'linked mailbox'],
  [RTD.SharedMailbox, 'shared mailbox'],
  [RTD.RoomMailbox, 'room mailbox'],
  [RTD.EquipmentMailbox, 'equipment mailbox'],
]);
const REMOTE_MAILBOXES: ReadonlyMap<bigint, ExchangeRecipientType> = new Map([
  [RTD.RemoteUserMailbox, 'UserMailbox' as const],
  [RTD.RemoteSharedMailbox, 'SharedMailbox' as const],
  [RTD.RemoteRoomMailbox, 'RoomMailbox' as const],
  [RTD.RemoteEquipmentMailbox, 'EquipmentMailbox' as const],
]);

/**
 * The recipient Exchange Online would create for a synced object.
 *
 * @example
 * exchangeOnlineRecipient({ objectType: 'user', attributes: { msExchRecipientTypeDetails: 1, msExchMailboxGuid: '…' } })
 *   .recipientTypeDetails // 'MailUser': the mailbox is on-premises
 */
export function exchangeOnlineRecipient(
  obj: Pick<CloudObject, 'objectType' | 'attributes'>,
  options: ExchangeOnlineOptions = {},
): ExchangeOnlineRecipient {
  const a = obj.attributes;
  const warnings = addressWarnings(a, options.verifiedDomains);
  switch (obj.objectType) {
    case 'user':
      return userRecipient(a, options, warnings);
    case 'contact':
      return contactRecipient(a, warnings);
    case 'group':
      return groupRecipient(a, warnings);
    case 'device':
      return { recipientTypeDetails: null, reason: 'Devices are not recipients.', warnings: [] };
  }
}

function userRecipient(
  a: AttributeBag,
  options: ExchangeOnlineOptions,
  warnings: string[],
): ExchangeOnlineRecipient {
  const rtd = toBigInt(a.msExchRecipientTypeDetails);
  const hasGuid = listOf(a.msExchMailboxGuid).length > 0;
  const licensed = options.exchangeLicense ?? listOf(a.assignedLicenses).length > 0;
  const onPremisesMailbox = rtd === undefined ? undefined : ON_PREMISES_MAILBOXES.get(rtd);
  if (onPremisesMailbox !== undefined) {
    if (!hasGuid) {
      warnings.push(
        `The on-premises ${onPremisesMailbox} has no msExchMailboxGuid in the tenant: an Exchange Online licence would provision a second, cloud mailbox.`,
      );
    } else if (licensed) {
      warnings.push(
        'Licensed, but the mailbox stays on-premises: Exchange Online does not provision a mailbox while an ExchangeGuid is synced; the cloud mailbox comes with the migration.',
      );
    }
    if (!hasGuid && licensed) {
      return {
        recipientTypeDetails: 'UserMailbox',
        reason: `The licence provisions a cloud mailbox although the user has an on-premises ${onPremisesMailbox}: two mailboxes.`,
        warnings,
      };
    }
    return {
      recipientTypeDetails: 'MailUser',
      reason: `An on-premises ${onPremisesMailbox} is represented in Exchange Online by a mail user that routes to it.`,
      warnings,
    };
  }
  const remote = rtd === undefined ? undefined : REMOTE_MAILBOXES.get(rtd);
  if (remote !== undefined) {
    if (!hasGuid) {
      warnings.push(
        'A remote mailbox without msExchMailboxGuid: the cloud mailbox gets a new ExchangeGuid that on-premises does not know (moves back on-premises fail).',
      );
    }
    if (remote === 'UserMailbox' && !licensed) {
      return {
        recipientTypeDetails: 'MailUser',
        reason:
          'A remote user mailbox gets its cloud mailbox when an Exchange Online licence is assigned; until then it is a mail user.',
        warnings,
      };
    }
    return {
      recipientTypeDetails: remote,
      reason: `msExchRecipientTypeDetails ${rtd} (Remote${remote}) is a mailbox in Exchange Online.`,
      warnings,
    };
  }
  if (rtd === RTD.MailUser) {
    return {
      recipientTypeDetails: 'MailUser',
      reason: 'An on-premises mail user (external address in targetAddress) stays a mail user.',
      warnings,
    };
  }
  if (rtd !== undefined && rtd !== 0n) {
    warnings.push(
      `msExchRecipientTypeDetails ${rtd} is not a user recipient type Exchange Online expects on a user.`,
    );
  }
  if (licensed) {
    if (hasGuid) {
      return {
        recipientTypeDetails: 'MailUser',
        reason: 'An ExchangeGuid is synced, so the licence does not provision a mailbox.',
        warnings,
      };
    }
    return {
      recipientTypeDetails: 'UserMailbox',
      reason:
        'No on-premises mailbox (no ExchangeGuid) and an Exchange Online licence: a cloud mailbox is provisioned, its attributes still mastered on-premises.',
      warnings,
    };
  }
  if (
    listOf(a.targetAddress).length > 0 ||
    smtpAddresses(a.proxyAddresses).length > 0 ||
    stringOf(a.mail) !== undefined
  ) {
    return {
      recipientTypeDetails: 'MailUser',
      reason: 'No mailbox and no licence, but mail attributes: a mail user.',
      warnings,
    };
  }
  return {
    recipientTypeDetails: null,
    reason: 'No Exchange attributes and no Exchange Online licence: not a recipient.',
    warnings,
  };
}

function contactRecipient(a: AttributeBag, warnings: string[]): ExchangeOnlineRecipient {
  if (listOf(a.targetAddress).length > 0) {
    return {
      recipientTypeDetails: 'MailContact',
      reason: 'A contact with an external address (targetAddress) is a mail contact.',
      warnings,
    };
  }
  if (isMailEnabled(a)) {
    warnings.push(
      'A mail contact without targetAddress: Exchange Online has no external address to route to.',
    );
    return {
      recipientTypeDetails: 'MailContact',
      reason: 'A contact with an SMTP address or mail is a mail contact.',
      warnings,
    };
  }
  return {
    recipientTypeDetails: null,
    reason: 'A contact without mail attributes is not a recipient.',
    warnings,
  };
}

function groupRecipient(a: AttributeBag, warnings: string[]): ExchangeOnlineRecipient {
  const securityEnabled = firstScalar(a.securityEnabled) === true;
  const rtd = toBigInt(a.msExchRecipientTypeDetails);
  if (!isMailEnabled(a)) {
    return {
      recipientTypeDetails: null,
      reason: 'A group without an SMTP address (and without mail) is not mail-enabled.',
      warnings,
    };
  }
  if (rtd === RTD.MailNonUniversalGroup) {
    warnings.push(
      'A mail-enabled non-universal group: Exchange supports only universal distribution and security groups.',
    );
  }
  return securityEnabled
    ? {
        recipientTypeDetails: 'MailUniversalSecurityGroup',
        reason: 'A mail-enabled security group.',
        warnings,
      }
    : {
        recipientTypeDetails: 'MailUniversalDistributionGroup',
        reason: 'A mail-enabled group that is not security-enabled is a distribution group.',
        warnings,
      };
}

function addressWarnings(
  a: AttributeBag,
  verifiedDomains: readonly string[] | undefined,
): string[] {
  const warnings: string[] = [];
  const primaries = stringsOf(a.proxyAddresses).filter((p) => p.startsWith('SMTP:'));
  if (primaries.length > 1) {
    warnings.push(
      `More than one primary SMTP: address (${primaries.join(', ')}): Exchange Online rejects the object.`,
    );
  }
  if (primaries.length === 0 && smtpAddresses(a.proxyAddresses).length > 0) {
    warnings.push('proxyAddresses holds smtp: addresses but no primary SMTP: address.');
  }
  if (verifiedDomains) {
    const verified = new Set(verifiedDomains.map((d) => d.toLowerCase()));
    const primary = primarySmtp(a.proxyAddresses);
    const domain = primary === undefined ? undefined : domainPart(primary);
    if (domain !== undefined && !verified.has(domain)) {
      warnings.push(
        `The primary SMTP address ${primary} is in ${domain}, which is not a verified domain of the tenant.`,
      );
    }
  }
  return warnings;
}

function firstScalar(v: Value | undefined): Scalar | undefined {
  return listOf(v)[0];
}

function toBigInt(v: Value | undefined): bigint | undefined {
  const s = firstScalar(v);
  if (typeof s === 'bigint') return s;
  if (typeof s === 'number' && Number.isInteger(s)) return BigInt(s);
  if (typeof s === 'string' && /^-?\d+$/.test(s.trim())) return BigInt(s.trim());
  return undefined;
}
