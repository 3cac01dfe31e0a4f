/**
 * What a scenario, LDIF or CSV value of a known attribute must look like: its kind and whether it
 * is multi-valued. Names are AD LDAP display names (case-insensitive, as in LDAP) for forests and
 * the Entra ID connector's names for the tenant. Attributes not listed take the type their JSON
 * value has.
 */

/** How a value is written in files and what it becomes in the value model. */
export type ValueKind =
  /** string */
  | 'string'
  /** number, or bigint beyond 2^53 (AD Integer and Large Integer) */
  | 'integer'
  | 'boolean'
  /** Uint8Array, written as `{"$binary": base64}` or a base64 string */
  | 'binary'
  /** Uint8Array of a GUID in `Guid.ToByteArray()` order, written as a GUID string */
  | 'guid'
  /** Uint8Array of a binary SID, written as `S-1-…` */
  | 'sid'
  /** Ref, written as a DN string */
  | 'reference'
  /** DateTime, written as an ISO-8601 UTC string */
  | 'datetime';

export interface AttributeSyntax {
  kind: ValueKind;
  multiValued: boolean;
}

type Table = ReadonlyMap<string, { name: string; syntax: AttributeSyntax }>;

function table(groups: [ValueKind, boolean, string[]][]): Table {
  const map = new Map<string, { name: string; syntax: AttributeSyntax }>();
  for (const [kind, multiValued, names] of groups) {
    for (const name of names) map.set(name.toLowerCase(), { name, syntax: { kind, multiValued } });
  }
  return map;
}

const extensionAttributes = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`);

/**
 * AD attributes whose syntax is not plain single-valued text (Active Directory schema; where the
 * Entra Connect AD connector's own attribute list says otherwise, as for authOrig, it wins).
 */
export const AD_ATTRIBUTES: Table = table([
  [
    'guid',
    false,
    ['objectGUID', 'mS-DS-ConsistencyGuid', 'msExchMailboxGuid', 'msExchArchiveGUID'],
  ],
  [
    'sid',
    false,
    ['objectSid', 'msExchMasterAccountSid', 'msRTCSIP-OriginatorSid', 'mS-DS-CreatorSID'],
  ],
  ['sid', true, ['sIDHistory']],
  [
    'binary',
    false,
    [
      'thumbnailPhoto',
      'msExchBlockedSendersHash',
      'msExchSafeSendersHash',
      'msExchSafeRecipientsHash',
      'msDS-CloudAnchor',
      'msDS-DeviceID',
    ],
  ],
  ['binary', true, ['userCertificate', 'userSMIMECertificate', 'jpegPhoto', 'photo']],
  ['reference', false, ['manager', 'managedBy', 'assistant', 'altRecipient', 'homeMDB']],
  [
    'reference',
    true,
    [
      'member',
      'memberOf',
      'directReports',
      'seeAlso',
      'secretary',
      'publicDelegates',
      'msExchCoManagedByLink',
      'msExchBypassModerationFromDLMembersLink',
      'msExchBypassModerationFromDLMembersBL',
      'msExchDelegateListLink',
      'msExchModeratedByLink',
      'msExchBypassModerationLink',
      'showInAddressBook',
    ],
  ],
  [
    'integer',
    false,
    [
      'userAccountControl',
      'groupType',
      'sAMAccountType',
      'primaryGroupID',
      'countryCode',
      'msExchRecipientTypeDetails',
      'msExchRecipientDisplayType',
      'msExchRemoteRecipientType',
      'msExchUserAccountControl',
      'msExchVersion',
      'msDS-SupportedEncryptionTypes',
      'pwdLastSet',
      'accountExpires',
      'lastLogonTimestamp',
      'badPwdCount',
      'logonCount',
      'msDS-HABSeniorityIndex',
      'msExchELCMailboxFlags',
      'msExchGroupDepartRestriction',
      'msExchGroupJoinRestriction',
      'msExchModerationFlags',
      'msExchResourceCapacity',
      'msRTCSIP-ApplicationOptions',
      'msRTCSIP-OptionFlags',
    ],
  ],
  [
    'boolean',
    false,
    [
      'msExchHideFromAddressLists',
      'msExchRequireAuthToSendTo',
      'msExchEnableModeration',
      'mDBUseDefaults',
      'isCriticalSystemObject',
      'showInAdvancedViewOnly',
      'hideDLMembership',
      'msRTCSIP-UserEnabled',
      'oOFReplyToOriginator',
      'reportToOriginator',
      'reportToOwner',
    ],
  ],
  [
    'string',
    true,
    [
      'proxyAddresses',
      'objectClass',
      'description',
      'otherTelephone',
      'otherMobile',
      'otherHomePhone',
      'otherIpPhone',
      'otherPager',
      'otherFacsimileTelephoneNumber',
      'postOfficeBox',
      'url',
      'servicePrincipalName',
      'msExchPoliciesExcluded',
      'msExchPoliciesIncluded',
      // The AD connector of Entra Connect reads these DN-syntax attributes as strings.
      'authOrig',
      'unauthOrig',
      'dLMemSubmitPerms',
      'dLMemRejectPerms',
      'msExchArchiveName',
      'msExchResourceMetaData',
      'msExchResourceSearchProperties',
      'msExchSenderHintTranslations',
      'msExchUCVoiceMailSettings',
      'msExchUserHoldPolicies',
      'msExchExtensionCustomAttribute1',
      'msExchExtensionCustomAttribute2',
      'msExchExtensionCustomAttribute3',
      'msExchExtensionCustomAttribute4',
      'msExchExtensionCustomAttribute5',
    ],
  ],
  [
    'string',
    false,
    [
      'cn',
      'name',
      'displayName',
      'givenName',
      'sn',
      'initials',
      'middleName',
      'sAMAccountName',
      'userPrincipalName',
      'mail',
      'mailNickname',
      'targetAddress',
      'legacyExchangeDN',
      'company',
      'department',
      'title',
      'employeeID',
      'employeeNumber',
      'employeeType',
      'physicalDeliveryOfficeName',
      'telephoneNumber',
      'mobile',
      'homePhone',
      'ipPhone',
      'pager',
      'facsimileTelephoneNumber',
      'streetAddress',
      'l',
      'st',
      'postalCode',
      'c',
      'co',
      'info',
      'wWWHomePage',
      'preferredLanguage',
      'usageLocation',
      'telephoneAssistant',
      ...extensionAttributes,
    ],
  ],
]);

/** Entra ID connector attributes (tenant side) whose syntax is not plain single-valued text. */
export const TENANT_ATTRIBUTES: Table = table([
  ['boolean', false, ['accountEnabled', 'securityEnabled', 'mailEnabled', 'dirSyncEnabled']],
  ['string', true, ['proxyAddresses', 'otherMails', 'otherTelephone', 'otherMobile']],
  ['reference', true, ['member']],
  ['reference', false, ['manager']],
  ['sid', false, ['onPremiseSecurityIdentifier']],
  ['integer', false, ['msExchRecipientTypeDetails', 'msExchRecipientDisplayType']],
]);

/**
 * The canonical spelling and syntax of a known attribute, looked up case-insensitively.
 *
 * @example
 * lookupAttribute(AD_ATTRIBUTES, 'objectguid') // { name: 'objectGUID', syntax: { kind: 'guid', multiValued: false } }
 */
export function lookupAttribute(
  attributes: Table,
  name: string,
): { name: string; syntax: AttributeSyntax } | undefined {
  return attributes.get(name.toLowerCase());
}

/**
 * AD object classes a forest may hold in SyncLab (those the out-of-box rules read, plus structure).
 * Others are rejected so that a typo does not silently drop objects from every rule's scope.
 */
export const AD_OBJECT_CLASSES: readonly string[] = [
  'user',
  'inetOrgPerson',
  'group',
  'contact',
  'computer',
  'organizationalUnit',
  'container',
  'domainDNS',
  'foreignSecurityPrincipal',
  'msDS-Device',
  'publicFolder',
  'msExchDynamicDistributionList',
];

/** Cloud object types a tenant holds. */
export const TENANT_OBJECT_TYPES = ['user', 'group', 'contact', 'device'] as const;
