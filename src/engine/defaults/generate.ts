/**
 * The out-of-box synchronization rules, generated the way the installation wizard creates them for
 * any number of AD forests plus the Microsoft Entra ID connector.
 */
import type { Installation } from '../io/scenario.ts';
import type {
  JoinCondition,
  ScopeCondition,
  ScopeOperator,
  SyncRule,
  Transformation,
} from '../rules/model.ts';
import {
  EXPR,
  aadDn,
  base64Of,
  c,
  cloudSourceAnchorIn,
  cloudX500,
  connectorParameter,
  countryCodeOut,
  d,
  displayNameOrCn,
  extensionAttributes,
  firstValue448,
  flows,
  info448,
  merge,
  objectSidString,
  once,
  proxyAddressesIn,
  x,
} from './flows.ts';

export type { SourceAnchorChoice, UserMatching } from '../io/scenario.ts';

/** The wizard choices that shape the default rules (the scenario's `installation`). */
export type DefaultRulesInstallation = Pick<Installation, 'sourceAnchor' | 'userMatching'>;

/** The connectors: AD forests in the order they were added in the wizard, and the Entra ID one. */
export interface DefaultRulesConnectors {
  /** AD connector names (forest names), in creation order. */
  forests: readonly string[];
  /** The Entra ID connector, `<initialDomain> - AAD`. */
  entra: string;
}

/** The first precedence the wizard gives out-of-box rules; custom rules go below it. */
export const DEFAULT_PRECEDENCE_START = 100;

type Side = 'AD' | 'AAD';

interface Context extends DefaultRulesInstallation {
  /** Whether user rules carry `sourceAnchorBinary` (needed by the ConsistencyGuid/anchor joins). */
  anchorBinary: boolean;
}

interface Template {
  name: string;
  side: Side;
  direction: 'Inbound' | 'Outbound';
  source: string;
  target: string;
  link: 'Join' | 'Provision';
  tag: string;
  description?: string;
  passwordSync?: boolean;
  scope?: ScopeCondition[][];
  join?: JoinCondition[][] | ((ctx: Context) => JoinCondition[][]);
  flows?: Transformation[] | ((ctx: Context) => Transformation[]);
  /** Only generated for some installations. */
  when?: (ctx: Context) => boolean;
}

function sc(attribute: string, operator: ScopeOperator, value = ''): ScopeCondition {
  return { attribute, operator, value };
}

function jc(source: string, target: string, caseSensitive = false): JoinCondition {
  return { source, target, caseSensitive };
}

/** The sign-in join of users and inetOrgPersons, by the wizard's "user matching" choice. */
function userJoin(ctx: Context): JoinCondition[][] {
  switch (ctx.userMatching) {
    case 'objectSidToMsExchMasterAccountSid':
      return [
        [jc('objectSid', 'objectSid')],
        [jc('msExchMasterAccountSid', 'objectSid')],
        [jc('objectSid', 'msExchMasterAccountSid')],
        [jc('msRTCSIP-OriginatorSid', 'objectSid')],
        [jc('objectSid', 'msRTCSIP-OriginatorSid')],
      ];
    case 'mail':
      return [[jc('mail', 'mail')]];
    case 'sAMAccountNameAndMailNickname':
      return [[jc('sAMAccountName', 'accountName'), jc('mailNickname', 'mailNickname')]];
    case 'none':
      return ctx.sourceAnchor === 'mS-DS-ConsistencyGuid'
        ? [
            [jc('mS-DS-ConsistencyGuid', 'sourceAnchorBinary')],
            [jc('objectGUID', 'sourceAnchorBinary')],
          ]
        : [[jc('objectGUID', 'sourceAnchorBinary')]];
  }
}

/** A linked mailbox (`msExchRecipientTypeDetails` = 2) never contributes the anchor. */
function linkedMailboxGuard(value: string): string {
  return `IIF(IsPresent([msExchRecipientTypeDetails]),IIF([msExchRecipientTypeDetails]=2,NULL,${value}),${value})`;
}

const CG = 'mS-DS-ConsistencyGuid';

/** sourceAnchor (and sourceAnchorBinary) flows of AccountEnabled and Common rules. */
function userAnchorFlows(ctx: Context): Transformation[] {
  if (ctx.sourceAnchor === CG) {
    // The wizard writes its choice into the template: IIF("<choice>"="mS-DS-ConsistencyGuid", …).
    const chosen = (yes: string, no: string) => `IIF("${CG}"="${CG}",${yes},${no})`;
    return [
      x(
        'sourceAnchorBinary',
        linkedMailboxGuard(chosen(`IIF(IsPresent([${CG}]),[${CG}],[objectGUID])`, 'NULL')),
        [CG],
      ),
      x(
        'sourceAnchor',
        linkedMailboxGuard(
          chosen(`IIF(IsPresent([${CG}]),${base64Of(CG)},${base64Of('objectGUID')})`, base64Of(CG)),
        ),
        [CG],
      ),
    ];
  }
  return [
    ...(ctx.anchorBinary
      ? [x('sourceAnchorBinary', linkedMailboxGuard('[objectGUID]'), ['objectGUID'])]
      : []),
    x('sourceAnchor', linkedMailboxGuard(base64Of('objectGUID')), ['objectGUID']),
  ];
}

function userJoinFlows(ctx: Context): Transformation[] {
  const anchor =
    ctx.sourceAnchor === CG
      ? [
          x('sourceAnchorBinary', `IIF(IsPresent([${CG}]),[${CG}],[objectGUID])`, [
            'objectGUID',
            CG,
          ]),
        ]
      : ctx.anchorBinary
        ? [d('sourceAnchorBinary', 'objectGUID')]
        : [];
  return [
    x('cloudFiltered', EXPR.cloudFilteredUser, ['mailNickname', 'sAMAccountName']),
    ...anchor,
  ];
}

const upn = x('userPrincipalName', EXPR.userPrincipalName, ['sAMAccountName', 'userPrincipalName']);
const pwdLastSet = x('pwdLastSet', EXPR.pwdLastSet, ['pwdLastSet']);
const domainFlows = [
  connectorParameter('domainFQDN', 'Domain.FQDN'),
  connectorParameter('domainNetBios', 'Domain.Netbios'),
];
const forestFlows = [
  connectorParameter('forestFQDN', 'Forest.FQDN'),
  connectorParameter('forestNetBios', 'Forest.Netbios'),
];

function accountEnabledFlows(ctx: Context): Transformation[] {
  return flows(
    c('accountEnabled', 'True'),
    'cn',
    connectorParameter('contributingConnectorUser', 'Connector.ID'),
    domainFlows,
    forestFlows,
    'objectSid',
    objectSidString,
    pwdLastSet,
    userAnchorFlows(ctx),
    upn,
  );
}

/**
 * The GAL flows of users and inetOrgPersons. "Common" rules (`signIn`) also carry the sign-in
 * attributes, so that a disabled account contributes them when no enabled account joins.
 */
function commonFlows(ctx: Context, signIn: boolean, proxyAddresses: boolean): Transformation[] {
  const when = (cond: boolean, ...t: (string | Transformation | Transformation[])[]) =>
    cond ? flows(...t) : [];
  return flows(
    x('accountEnabled', EXPR.accountEnabled, ['userAccountControl']),
    'accountName<sAMAccountName assistant ~c cn ~co ~company countryCode ~department',
    firstValue448('description'),
    displayNameOrCn,
    when(signIn, domainFlows),
    extensionAttributes('~'),
    '~facsimileTelephoneNumber',
    when(signIn, forestFlows),
    '~givenName ~homePhone',
    info448,
    '~initials ~ipPhone ~l ~mail manager ~middleName ~mobile',
    when(signIn, 'objectSid', objectSidString),
    '~otherFacsimileTelephoneNumber ~otherHomePhone ~otherMobile ~otherIpPhone ~otherPager',
    '~otherTelephone ~pager photo ~physicalDeliveryOfficeName ~postalCode',
    firstValue448('postOfficeBox'),
    '~preferredLanguage',
    when(proxyAddresses, proxyAddressesIn),
    when(signIn, pwdLastSet),
    '~sn',
    when(signIn, userAnchorFlows(ctx)),
    x('sourceObjectType', EXPR.sourceObjectTypeUser, ['msExchRecipientTypeDetails']),
    '~st ~streetAddress ~telephoneNumber thumbnailPhoto ~title',
    when(signIn, upn),
    firstValue448('url'),
    '~wWWHomePage',
  );
}

const exchangeFlows = flows(
  'authOrig',
  connectorParameter('contributingConnectorExchange', 'Connector.ID'),
  'dLMemRejectPerms dLMemSubmitPerms',
  extensionAttributes('~'),
  'legacyExchangeDN mailNickname msDS-HABSeniorityIndex msDS-PhoneticDisplayName msExchArchiveGUID',
  'msExchArchiveName msExchAssistantName msExchBlockedSendersHash',
  'msExchBypassModerationFromDLMembersLink<msExchBypassModerationFromDLMembersBL',
  'msExchBypassModerationLink msExchDelegateListLink msExchELCExpirySuspensionEnd',
  'msExchELCExpirySuspensionStart msExchELCMailboxFlags msExchEnableModeration',
  'msExchHideFromAddressLists msExchImmutableId msExchMailboxGuid msExchMasterAccountSid',
  'msExchModeratedByLink msExchModerationFlags msExchRecipientDisplayType msExchRecipientTypeDetails',
  'msExchRequireAuthToSendTo msExchResourceCapacity msExchResourceDisplay msExchResourceMetaData',
  'msExchResourceSearchProperties msExchRetentionComment msExchRetentionURL msExchSafeRecipientsHash',
  'msExchSafeSendersHash msExchSenderHintTranslations msExchUserHoldPolicies publicDelegates',
  'targetAddress ~telephoneAssistant userCertificate userSMIMECertificate unauthOrig',
);

const lync = (originator: boolean) =>
  flows(
    'msRTCSIP-ApplicationOptions msRTCSIP-DeploymentLocator msRTCSIP-Line',
    originator ? 'msRTCSIP-OriginatorSid' : '',
    'msRTCSIP-OwnerUrn msRTCSIP-PrimaryUserAddress msRTCSIP-UserEnabled msRTCSIP-OptionFlags',
  );

const groupScope = [
  [
    sc('isCriticalSystemObject', 'NOTEQUAL', 'True'),
    sc('adminDescription', 'NOTSTARTSWITH', 'Group_'),
  ],
];
const userOutScope = [
  [sc('sourceObjectType', 'EQUAL', 'User'), sc('cloudMastered', 'NOTEQUAL', 'True')],
];
const contactOutScope = [[sc('sourceObjectType', 'EQUAL', 'Contact')]];
const groupOutScope = [[sc('sourceAnchor', 'ISNOTNULL'), sc('cloudMastered', 'NOTEQUAL', 'True')]];
const aadAnchorJoin = (caseSensitive: boolean) => [
  [jc('sourceAnchor', 'sourceAnchor', caseSensitive)],
];
const mailEnabled = (expression: string) =>
  x('mailEnabled', expression, ['proxyAddresses', 'mail']);
const hybridIn = flows('cloudLegacyExchangeDN cloudPublicDelegates');
const hybridOutUser = flows(
  x('msExchBlockedSendersHash', EXPR.ifCloudMailbox('cloudMSExchBlockedSendersHash'), [
    'cloudSOAExchMailbox',
    'cloudMSExchBlockedSendersHash',
  ]),
  x('msExchSafeRecipientsHash', EXPR.ifCloudMailbox('cloudMSExchSafeRecipientsHash'), [
    'cloudSOAExchMailbox',
    'cloudMSExchSafeRecipientsHash',
  ]),
  x('msExchSafeSendersHash', EXPR.ifCloudMailbox('cloudMSExchSafeSendersHash'), [
    'cloudSOAExchMailbox',
    'cloudMSExchSafeSendersHash',
  ]),
  'msExchUCVoiceMailSettings<cloudMSExchUCVoiceMailSettings',
  x('msExchUserHoldPolicies', EXPR.ignoreEmpty('cloudMSExchUserHoldPolicies'), [
    'cloudMSExchUserHoldPolicies',
  ]),
  cloudX500,
);

const IN_AD = { side: 'AD', direction: 'Inbound' } as const;
const IN_AAD = { side: 'AAD', direction: 'Inbound' } as const;
const OUT_AAD = { side: 'AAD', direction: 'Outbound' } as const;
const OUT_AD = { side: 'AD', direction: 'Outbound' } as const;

/** The rules in the order the wizard creates them, which is also their precedence order. */
const TEMPLATES: readonly Template[] = [
  {
    ...IN_AD,
    name: 'In from AD - User Join',
    source: 'user',
    target: 'person',
    link: 'Provision',
    tag: 'Microsoft.InfromADUserJoin.003',
    scope: [
      [
        sc('isCriticalSystemObject', 'NOTEQUAL', 'TRUE'),
        sc('adminDescription', 'NOTSTARTSWITH', 'User_'),
      ],
    ],
    join: userJoin,
    flows: userJoinFlows,
  },
  {
    ...IN_AD,
    name: 'In from AD - InetOrgPerson Join',
    source: 'inetOrgPerson',
    target: 'person',
    link: 'Provision',
    tag: 'Microsoft.InfromADInetOrgPersonJoin.003',
    scope: [[sc('isCriticalSystemObject', 'NOTEQUAL', 'TRUE')]],
    join: userJoin,
    flows: userJoinFlows,
  },
  {
    ...IN_AD,
    name: 'In from AD - User AccountEnabled',
    source: 'user',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADUserAccountEnabled.004',
    passwordSync: true,
    scope: [[sc('userAccountControl', 'ISBITNOTSET', '2')]],
    flows: accountEnabledFlows,
  },
  {
    ...IN_AD,
    name: 'In from AD - InetOrgPerson AccountEnabled',
    source: 'inetOrgPerson',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADInetOrgPersonAccountEnabled.003',
    scope: [[sc('userAccountControl', 'ISBITNOTSET', '2')]],
    flows: accountEnabledFlows,
  },
  {
    ...IN_AD,
    name: 'In from AD - User Common from Exchange',
    source: 'user',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADUserCommonfromExchange.004',
    description: 'Attributes from the forest where the user has an Exchange mailbox.',
    scope: [[sc('mailNickname', 'ISNOTNULL'), sc('adminDescription', 'NOTSTARTSWITH', 'User_')]],
    flows: (ctx) => commonFlows(ctx, false, true),
  },
  {
    ...IN_AD,
    name: 'In from AD - InetOrgPerson Common from Exchange',
    source: 'inetOrgPerson',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADInetOrgPersonCommonfromExchange.004',
    description: 'Attributes from the forest where the InetOrgPerson has an Exchange mailbox.',
    scope: [[sc('mailNickname', 'ISNOTNULL')]],
    flows: (ctx) => commonFlows(ctx, false, true),
  },
  {
    ...IN_AD,
    name: 'In from AD - User Common',
    source: 'user',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADUserCommon.004',
    scope: [[sc('adminDescription', 'NOTSTARTSWITH', 'User_')]],
    flows: (ctx) => commonFlows(ctx, true, true),
  },
  {
    ...IN_AD,
    name: 'In from AD - InetOrgPerson Common',
    source: 'inetOrgPerson',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADInetOrgPersonCommon.004',
    flows: (ctx) => commonFlows(ctx, true, false),
  },
  {
    ...IN_AD,
    name: 'In from AD - User Exchange',
    source: 'user',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADUserExchange.003',
    description: 'User object with Exchange schema in Active Directory.',
    scope: [[sc('mailNickname', 'ISNOTNULL')]],
    flows: exchangeFlows,
  },
  {
    ...IN_AD,
    name: 'In from AD - InetOrgPerson Exchange',
    source: 'inetOrgPerson',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADInetOrgPersonExchange.003',
    description: 'InetOrgPerson object with Exchange schema in Active Directory.',
    scope: [[sc('mailNickname', 'ISNOTNULL')]],
    flows: exchangeFlows,
  },
  {
    ...IN_AD,
    name: 'In from AD - User Lync',
    source: 'user',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADUserLync.004',
    description: 'Lync attribute for a User object.',
    flows: lync(true),
  },
  {
    ...IN_AD,
    name: 'In from AD - InetOrgPerson Lync',
    source: 'inetOrgPerson',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADInetOrgPersonLync.003',
    description: 'Lync attribute for a InetOrgPerson object.',
    flows: lync(false),
  },
  {
    ...IN_AD,
    name: 'In from AD - Group Join',
    source: 'group',
    target: 'group',
    link: 'Provision',
    tag: 'Microsoft.InfromADGroupJoin.003',
    scope: groupScope,
    join: [[jc('objectGUID', 'sourceAnchorBinary')]],
    flows: [
      x('cloudFiltered', EXPR.cloudFilteredGroup, ['isCriticalSystemObject']),
      mailEnabled(EXPR.mailEnabledGroup),
    ],
  },
  {
    ...IN_AD,
    name: 'In from AD - Group Exchange',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.InfromADGroupExchange.004',
    scope: groupScope,
    flows: flows(
      'authOrig dLMemRejectPerms dLMemSubmitPerms',
      extensionAttributes('~'),
      'hideDLMembership legacyExchangeDN mailNickname msDS-PhoneticDisplayName',
      'msExchBypassModerationFromDLMembersLink msExchBypassModerationLink msExchCoManagedByLink',
      'msExchEnableModeration msExchGroupDepartRestriction msExchGroupJoinRestriction',
      'msExchHideFromAddressLists msExchModeratedByLink msExchModerationFlags',
      'msExchRecipientDisplayType msExchRecipientTypeDetails msExchRequireAuthToSendTo',
      'msExchRetentionComment msExchRetentionURL msExchSenderHintTranslations oOFReplyToOriginator',
      'publicDelegates reportToOriginator reportToOwner unauthOrig',
    ),
  },
  {
    ...IN_AD,
    name: 'In from AD - Group Common',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.InfromADGroupCommon.004',
    scope: groupScope,
    flows: flows(
      'cn',
      firstValue448('description'),
      displayNameOrCn,
      info448,
      '~mail managedBy member',
      x('memberCount', 'ValueCount("member")', ['member']),
      'objectSid',
      objectSidString,
      proxyAddressesIn,
      x('securityEnabled', 'CBool(BitAnd([groupType],-2147483648))', ['groupType']),
      x('sourceAnchor', 'ConvertToBase64([objectGUID])', ['objectGUID']),
      'sourceAnchorBinary<objectGUID',
    ),
  },
  {
    ...IN_AD,
    name: 'In from AD - Contact Join',
    source: 'contact',
    target: 'person',
    link: 'Provision',
    tag: 'Microsoft.InfromADContactJoin.003',
    description: 'Contact object with default Active Directory schema.',
    join: [[jc('mail', 'mail')]],
    flows: [
      x('cloudFiltered', EXPR.cloudFilteredContact, ['isCriticalSystemObject']),
      mailEnabled(EXPR.mailEnabledContact),
    ],
  },
  {
    ...IN_AD,
    name: 'In from AD - Contact Common',
    source: 'contact',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADContactCommon.004',
    description: 'Contact object with Exchange schema in Active Directory.',
    flows: flows(
      'assistant authOrig ~c cn ~co ~company countryCode ~department',
      firstValue448('description'),
      displayNameOrCn,
      'dLMemSubmitPerms dLMemRejectPerms',
      extensionAttributes('~'),
      '~facsimileTelephoneNumber ~givenName ~homePhone',
      info448,
      '~initials ~ipPhone ~l',
      x('legacyExchangeDN', 'IIF(IsPresent([legacyExchangeDN]), [legacyExchangeDN], NULL)', [
        'legacyExchangeDN',
      ]),
      '~mail',
      x('mailNickname', 'IIF(IsPresent([mailNickname]), [mailNickname], [cn])', ['mailNickname']),
      'manager ~middleName ~mobile msDS-HABSeniorityIndex msDS-PhoneticDisplayName',
      'msExchAssistantName msExchBlockedSendersHash msExchBypassModerationFromDLMembersLink',
      'msExchBypassModerationLink msExchHideFromAddressLists msExchModeratedByLink',
      'msExchModerationFlags msExchRecipientDisplayType msExchRecipientTypeDetails',
      'msExchRequireAuthToSendTo msExchRetentionComment msExchRetentionURL',
      'msExchSafeRecipientsHash msExchSafeSendersHash msExchSenderHintTranslations',
      '~otherFacsimileTelephoneNumber ~otherHomePhone ~otherIpPhone ~otherMobile ~otherPager',
      '~otherTelephone ~pager ~physicalDeliveryOfficeName ~postalCode',
      firstValue448('postOfficeBox'),
      proxyAddressesIn,
      'publicDelegates ~sn',
      x('sourceAnchor', 'ConvertToBase64([objectGUID])', ['objectGUID']),
      'sourceAnchorBinary<objectGUID',
      c('sourceObjectType', 'Contact'),
      '~st ~streetAddress targetAddress ~telephoneAssistant ~telephoneNumber thumbnailPhoto ~title',
      'unauthOrig',
      firstValue448('url'),
      'userCertificate userSMIMECertificate ~wWWHomePage',
    ),
  },
  {
    ...IN_AD,
    name: 'In from AD - Contact Lync',
    source: 'contact',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromADContactLync.003',
    description: 'Lync attributes for a Contact object.',
    flows: flows(
      'msRTCSIP-DeploymentLocator msRTCSIP-Line msRTCSIP-PrimaryUserAddress',
      'msRTCSIP-UserEnabled msRTCSIP-OptionFlags',
    ),
  },
  {
    ...IN_AD,
    name: 'In from AD - ForeignSecurityPrincipal Join User',
    source: 'foreignSecurityPrincipal',
    target: '*',
    link: 'Join',
    tag: 'Microsoft.InfromADForeignSecurityPrincipalJoinUser.001',
    join: [[jc('cn', 'objectSidString')]],
  },
  {
    ...IN_AAD,
    name: 'In from AAD - User Join',
    source: 'user',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromAADUserJoin.004',
    scope: [[sc('cloudMastered', 'EQUAL', 'False')]],
    join: aadAnchorJoin(true),
    flows: flows('accountEnabled cloudAnchor', cloudSourceAnchorIn, 'countryCode usageLocation'),
  },
  {
    ...IN_AAD,
    name: 'In from AAD - Contact Join',
    source: 'contact',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromAADContactJoin.003',
    join: aadAnchorJoin(true),
    flows: flows('cloudAnchor', cloudSourceAnchorIn),
  },
  {
    ...IN_AAD,
    name: 'In from AAD - Group Join',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.InfromAADGroupJoin.004',
    scope: [[sc('cloudMastered', 'NOTEQUAL', 'True')]],
    join: aadAnchorJoin(true),
    flows: flows('cloudAnchor', cloudSourceAnchorIn),
  },
  {
    ...IN_AAD,
    name: 'In from AAD - User NGCKey',
    source: 'user',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromAADUserNGCKey.001',
    flows: [
      x(
        'deviceKey',
        'IIF(IsNull([searchableDeviceKey]), NULL, IIF(CNum(Mid([searchableDeviceKey],1,1))=0, Mid([searchableDeviceKey],1,7+CNum(Mid([searchableDeviceKey],5,2))) & CBin(Len(Thumbprint(Mid([searchableDeviceKey],8+CNum(Mid([searchableDeviceKey],5,2)),Len([searchableDeviceKey])))),2) & CBin(2,1) & Thumbprint(Mid([searchableDeviceKey],8+CNum(Mid([searchableDeviceKey],5,2)),Len([searchableDeviceKey]))) & Mid([searchableDeviceKey],8+CNum(Mid([searchableDeviceKey],5,2)),Len([searchableDeviceKey])), NULL))',
        ['searchableDeviceKey'],
      ),
    ],
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User Join',
    source: 'person',
    target: 'user',
    link: 'Provision',
    tag: 'Microsoft.OuttoAADUserJoin.006',
    passwordSync: true,
    scope: [
      [
        sc('sourceObjectType', 'EQUAL', 'User'),
        sc('cloudMastered', 'NOTEQUAL', 'True'),
        sc('cloudFiltered', 'NOTEQUAL', 'True'),
        sc('sourceAnchor', 'ISNOTNULL'),
        sc('accountEnabled', 'ISNOTNULL'),
      ],
    ],
    join: aadAnchorJoin(false),
    flows: flows(
      'accountEnabled commonName<cn dnsDomainName<domainFQDN lastPasswordChangeTimestamp<pwdLastSet',
      'netBiosName<domainNetBios onPremisesSamAccountName<accountName onPremiseSecurityIdentifier<objectSid',
      aadDn,
      x('sourceAnchor', EXPR.outSourceAnchor, ['cloudSourceAnchor', 'sourceAnchor']),
      x('usageLocation', EXPR.ignoreEmpty('usageLocation'), ['usageLocation']),
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User Identity',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoAADUserIdentity.005',
    scope: userOutScope,
    flows: flows(
      'accountEnabled alias<mailNickname displayName givenName mail onPremisesUserPrincipalName',
      'proxyAddresses surname<sn userPrincipalName',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User ExchangeOnline',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoAADUserExchangeOnline.004',
    scope: userOutScope,
    flows: flows(
      'accountEnabled alias<mailNickname assistant authOrig city<l country<co company',
      countryCodeOut,
      'countryLetterCode<c department description displayName dLMemRejectPerms dLMemSubmitPerms',
      extensionAttributes('', 'text'),
      'facsimileTelephoneNumber givenName homePhone info initials legacyExchangeDN manager mobile',
      'msDsHabSeniorityIndex<msDS-HABSeniorityIndex msDsPhoneticDisplayName<msDS-PhoneticDisplayName',
      'msExchArchiveGuid<msExchArchiveGUID msExchArchiveName msExchAssistantName msExchAuditAdmin',
      'msExchAuditDelegate msExchAuditDelegateAdmin msExchAuditOwner msExchBlockedSendersHash',
      'msExchBypassAudit msExchDelegateListLink msExchElcExpirySuspensionEnd<msExchELCExpirySuspensionEnd',
      'msExchElcExpirySuspensionStart<msExchELCExpirySuspensionStart msExchElcMailboxFlags<msExchELCMailboxFlags',
      'msExchEnableModeration msExchExtensionCustomAttribute1 msExchExtensionCustomAttribute2',
      'msExchExtensionCustomAttribute3 msExchExtensionCustomAttribute4 msExchExtensionCustomAttribute5',
      'msExchHideFromAddressLists msExchImmutableId msExchLitigationHoldDate msExchLitigationHoldOwner',
      'msExchMailboxGuid msExchMailboxAuditEnable msExchMailboxAuditLogAgeLimit msExchModeratedByLink',
      'msExchModerationFlags msExchRecipientDisplayType msExchRecipientTypeDetails',
      'msExchRemoteRecipientType msExchRequireAuthToSendTo msExchResourceCapacity msExchResourceDisplay',
      'msExchResourceMetadata<msExchResourceMetaData msExchResourceSearchProperties msExchRetentionComment',
      'msExchRetentionUrl<msExchRetentionURL msExchSafeRecipientsHash msExchSafeSendersHash',
      'msExchSenderHintTranslations msExchTeamMailboxExpiration msExchTeamMailboxOwners',
      'msExchTeamMailboxSharePointUrl msExchUserHoldPolicies onPremisesUserPrincipalName',
      'otherFacsimileTelephoneNumber otherHomePhone otherTelephone pager physicalDeliveryOfficeName',
      'postalCode proxyAddresses publicDelegates surname<sn state<st streetAddress targetAddress',
      'telephoneAssistant telephoneNumber thumbnailPhoto title userCertificate userPrincipalName',
      'userSMIMECertificate unauthOrig wWWHomePage',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User DynamicsCRM',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoAADUserDynamicsCRM.004',
    scope: userOutScope,
    flows: flows(
      'accountEnabled city<l country<co company',
      countryCodeOut,
      'description displayName facsimileTelephoneNumber givenName manager mobile',
      'onPremisesUserPrincipalName physicalDeliveryOfficeName postalCode preferredLanguage state<st',
      'streetAddress surname<sn telephoneNumber title userPrincipalName',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User Intune',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoAADUserIntune.004',
    scope: userOutScope,
    flows: flows(
      'accountEnabled alias<mailNickname description displayName mail onPremisesUserPrincipalName',
      'proxyAddresses userPrincipalName',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User LyncOnline',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoAADUserLyncOnline.004',
    scope: userOutScope,
    flows: flows(
      'accountEnabled city<l country<co company department description displayName',
      'facsimileTelephoneNumber givenName homePhone ipPhone mail alias<mailNickname manager mobile',
      'msExchHideFromAddressLists msRtcSipApplicationOptions<msRTCSIP-ApplicationOptions',
      'msRtcSipDeploymentLocator<msRTCSIP-DeploymentLocator msRtcSipLine<msRTCSIP-Line',
      'msRtcSipOwnerUrn<msRTCSIP-OwnerUrn msRtcSipPrimaryUserAddress<msRTCSIP-PrimaryUserAddress',
      'msRtcSipUserEnabled<msRTCSIP-UserEnabled msRtcSipOptionFlags<msRTCSIP-OptionFlags',
      'onPremisesUserPrincipalName otherTelephone physicalDeliveryOfficeName postalCode',
      'preferredLanguage proxyAddresses state<st streetAddress surname<sn telephoneNumber',
      'thumbnailPhoto title userPrincipalName wWWHomePage',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User SharePointOnline',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoAADUserSharePointOnline.004',
    scope: userOutScope,
    flows: flows(
      'accountEnabled authOrig city<l company country<co',
      countryCodeOut,
      'department description displayName dLMemRejectPerms dLMemSubmitPerms',
      extensionAttributes('', 'text'),
      'facsimileTelephoneNumber givenName homePhone info initials ipPhone mail alias<mailNickname',
      'manager middleName mobile msExchTeamMailboxExpiration msExchTeamMailboxOwners',
      'msExchTeamMailboxSharePointLinkedBy msExchTeamMailboxSharePointUrl onPremisesUserPrincipalName',
      'otherFacsimileTelephoneNumber otherHomePhone otherIpPhone otherMobile otherPager otherTelephone',
      'pager physicalDeliveryOfficeName postalCode postOfficeBox preferredLanguage proxyAddresses',
      'state<st streetAddress surname<sn targetAddress telephoneAssistant telephoneNumber',
      'thumbnailPhoto title unauthOrig url userPrincipalName wWWHomePage',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User AzureRMS',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoAADUserAzureRMS.004',
    description: 'Minimal set of attributes required for Azure RMS.',
    scope: userOutScope,
    flows: flows('displayName mail onPremisesUserPrincipalName proxyAddresses userPrincipalName'),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Contact Join',
    source: 'person',
    target: 'contact',
    link: 'Provision',
    tag: 'Microsoft.OuttoAADContactJoin.003',
    scope: [
      [
        sc('sourceObjectType', 'EQUAL', 'Contact'),
        sc('cloudFiltered', 'NOTEQUAL', 'True'),
        sc('mailEnabled', 'EQUAL', 'True'),
      ],
    ],
    join: aadAnchorJoin(false),
    flows: [x('sourceAnchor', EXPR.outSourceAnchor, ['cloudSourceAnchor', 'sourceAnchor']), aadDn],
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Contact Identity',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoAADContactIdentity.003',
    description: 'Minimal attributes required for the Contact object',
    scope: contactOutScope,
    flows: flows('alias<mailNickname displayName givenName proxyAddresses surname<sn'),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Contact ExchangeOnline',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoAADContactExchangeOnline.003',
    scope: contactOutScope,
    flows: flows(
      'assistant authOrig city<l countryLetterCode<c country<co company countryCode department',
      'description displayName dLMemRejectPerms dLMemSubmitPerms',
      extensionAttributes('', 'text'),
      'facsimileTelephoneNumber givenName homePhone info initials legacyExchangeDN alias<mailNickname',
      'manager mobile msDsHabSeniorityIndex<msDS-HABSeniorityIndex',
      'msDsPhoneticDisplayName<msDS-PhoneticDisplayName msExchAssistantName msExchBlockedSendersHash',
      'msExchExtensionCustomAttribute1 msExchExtensionCustomAttribute2 msExchExtensionCustomAttribute3',
      'msExchExtensionCustomAttribute4 msExchExtensionCustomAttribute5 msExchHideFromAddressLists',
      'msExchLitigationHoldDate msExchLitigationHoldOwner msExchModeratedByLink msExchModerationFlags',
      'msExchRecipientDisplayType msExchRecipientTypeDetails msExchRequireAuthToSendTo',
      'msExchRetentionComment msExchRetentionUrl<msExchRetentionURL msExchSafeSendersHash',
      'msExchSafeRecipientsHash msExchSenderHintTranslations otherFacsimileTelephoneNumber',
      'otherHomePhone otherTelephone pager physicalDeliveryOfficeName postalCode proxyAddresses',
      'publicDelegates surname<sn state<st streetAddress targetAddress telephoneAssistant',
      'telephoneNumber thumbnailPhoto title unauthOrig userCertificate userSMIMECertificate wWWHomePage',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Contact DynamicsCRM',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoAADContactDynamicsCRM.003',
    scope: contactOutScope,
    flows: flows(
      'countryLetterCode<c country<co company countryCode description displayName',
      'facsimileTelephoneNumber givenName mobile physicalDeliveryOfficeName postalCode surname<sn',
      'state<postalAddress streetAddress telephoneNumber title',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Contact Intune',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoAADContactIntune.003',
    scope: contactOutScope,
    flows: flows('alias<mailNickname countryLetterCode<c description displayName proxyAddresses'),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Contact LyncOnline',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoAADContactLyncOnline.003',
    scope: contactOutScope,
    flows: flows(
      'alias<mailNickname countryLetterCode<c country<co company department description displayName',
      'facsimileTelephoneNumber givenName homePhone mobile msExchHideFromAddressLists otherTelephone',
      'physicalDeliveryOfficeName postalCode proxyAddresses surname<sn state<st streetAddress',
      'telephoneNumber thumbnailPhoto title wWWHomePage',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Contact SharePointOnline',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoAADContactSharePointOnline.003',
    scope: contactOutScope,
    flows: flows(
      'alias<mailNickname authOrig company country<co countryCode countryLetterCode<c city<l',
      'department description displayName dLMemRejectPerms dLMemSubmitPerms',
      extensionAttributes('', 'text'),
      'facsimileTelephoneNumber givenName homePhone info initials ipPhone mail manager middleName',
      'mobile otherFacsimileTelephoneNumber otherHomePhone otherIpPhone otherMobile otherPager',
      'otherTelephone pager physicalDeliveryOfficeName postalCode postOfficeBox proxyAddresses',
      'surname<sn state<st streetAddress targetAddress telephoneAssistant telephoneNumber',
      'thumbnailPhoto title unauthOrig url wWWHomePage',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Contact AzureRMS',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoAADContactAzureRMS.003',
    description: 'Minimal set of attributes required for Azure RMS.',
    scope: contactOutScope,
    flows: flows('mail proxyAddresses'),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Group Join',
    source: 'group',
    target: 'group',
    link: 'Provision',
    tag: 'Microsoft.OuttoAADGroupJoin.006',
    scope: [
      ['securityEnabled', 'cloudAnchor'],
      ['securityEnabled', 'memberCount'],
      ['mailEnabled', 'cloudAnchor'],
      ['mailEnabled', 'memberCount'],
    ].map(([kind = '', size]) => [
      sc('cloudFiltered', 'NOTEQUAL', 'True'),
      sc('sourceAnchor', 'ISNOTNULL'),
      sc('cloudMastered', 'NOTEQUAL', 'True'),
      sc(kind, 'EQUAL', 'True'),
      size === 'cloudAnchor'
        ? sc('cloudAnchor', 'ISNOTNULL')
        : sc('memberCount', 'LESSTHAN', '50000'),
    ]),
    join: aadAnchorJoin(false),
    flows: flows(
      'commonName<cn',
      aadDn,
      x(
        'member',
        'IIF(([memberCount]> 50000),Error("Maximum Group member count exceeded"),IgnoreThisFlow)',
        ['member'],
      ),
      'onPremiseSecurityIdentifier<objectSid',
      x('sourceAnchor', EXPR.outGroupSourceAnchor, ['cloudSourceAnchor', 'sourceAnchor']),
      'securityEnabled',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Group Identity',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoAADGroupIdentity.004',
    scope: groupOutScope,
    join: aadAnchorJoin(false),
    flows: flows('alias<mailNickname displayName mail managedBy member proxyAddresses'),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Group ExchangeOnline',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoAADGroupExchangeOnline.005',
    scope: groupOutScope,
    join: aadAnchorJoin(false),
    flows: flows(
      'alias<mailNickname authOrig description displayName dLMemRejectPerms dLMemSubmitPerms',
      extensionAttributes(),
      'info legacyExchangeDN managedBy member msDsHabSeniorityIndex<msDS-HABSeniorityIndex',
      'msDsPhoneticDisplayName<msDS-PhoneticDisplayName msExchCoManagedByLink msExchEnableModeration',
      'msExchExtensionCustomAttribute1 msExchExtensionCustomAttribute2 msExchExtensionCustomAttribute3',
      'msExchExtensionCustomAttribute4 msExchExtensionCustomAttribute5 msExchHideFromAddressLists',
      'msExchLitigationHoldDate msExchLitigationHoldOwner msExchModeratedByLink msExchModerationFlags',
      'msExchRecipientDisplayType msExchRecipientTypeDetails msExchRequireAuthToSendTo',
      'msExchRetentionComment msExchRetentionUrl<msExchRetentionURL msExchSenderHintTranslations',
      'msOrgIsOrganizational<msOrg-IsOrganizational oOFReplyToOriginator publicDelegates',
      'proxyAddresses reportToOriginator reportToOwner unauthOrig',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Group DynamicsCRM',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoAADGroupDynamicsCRM.004',
    scope: groupOutScope,
    join: aadAnchorJoin(false),
    flows: flows('description displayName managedBy member'),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Group Intune',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoAADGroupIntune.004',
    scope: groupOutScope,
    join: aadAnchorJoin(false),
    flows: flows('alias<mailNickname description displayName mail member proxyAddresses'),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Group LyncOnline',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoAADGroupLyncOnline.004',
    scope: groupOutScope,
    join: aadAnchorJoin(false),
    flows: flows(
      'alias<mailNickname description displayName mail managedBy member msExchHideFromAddressLists',
      'proxyAddresses',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Group SharePointOnline',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoAADGroupSharePointOnline.004',
    scope: groupOutScope,
    join: aadAnchorJoin(false),
    flows: flows(
      'alias<mailNickname authOrig description displayName dLMemRejectPerms dLMemSubmitPerms',
      extensionAttributes(),
      'hideDLMembership info managedBy mail member oOFReplyToOriginator proxyAddresses',
      'reportToOriginator reportToOwner unauthOrig',
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Group AzureRMS',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoAADGroupAzureRMS.004',
    scope: [[sc('cloudMastered', 'NOTEQUAL', 'True')]],
    flows: flows('displayName mail member proxyAddresses'),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - User OfficeProPlus',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoAADUserOfficeProPlus.004',
    scope: userOutScope,
    flows: flows('displayName onPremisesUserPrincipalName userPrincipalName'),
  },
  {
    ...IN_AAD,
    name: 'In from AAD - Contact Exchange Hybrid',
    source: 'contact',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromAADContactExchangeHybrid.003',
    flows: hybridIn,
  },
  {
    ...IN_AAD,
    name: 'In from AAD - Group Exchange Hybrid',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.InfromAADGroupExchangeHybrid.003',
    flows: hybridIn,
  },
  {
    ...IN_AAD,
    name: 'In from AAD - User Exchange Hybrid',
    source: 'user',
    target: 'person',
    link: 'Join',
    tag: 'Microsoft.InfromAADUserExchangeHybrid.003',
    flows: flows(
      x(
        'cloudSOAExchMailbox',
        'CBool(IIF(IsNullOrEmpty([cloudMSExchRecipientDisplayType]),NULL,BitAnd([cloudMSExchRecipientDisplayType],&HFF) = 0))',
        ['cloudMSExchRecipientDisplayType'],
      ),
      'cloudLegacyExchangeDN cloudMSExchArchiveStatus cloudMSExchBlockedSendersHash',
      'cloudMSExchDelegateListLink cloudMSExchRecipientDisplayType cloudMSExchSafeRecipientsHash',
      'cloudMSExchSafeSendersHash cloudMSExchTeamMailboxExpiration cloudMSExchTeamMailboxOwners',
      'cloudMSExchTeamMailboxSharePointUrl cloudMSExchUCVoiceMailSettings cloudMSExchUserHoldPolicies',
      'cloudPublicDelegates',
    ),
  },
  {
    ...OUT_AD,
    name: 'Out to AD - Contact Join',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoADContactJoin.003',
    join: [[jc('mail', 'mail')]],
  },
  {
    ...OUT_AD,
    name: 'Out to AD - Group Join',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoADGroupJoin.004',
    scope: [[sc('cloudMastered', 'NOTEQUAL', 'True')]],
    join: [[jc('objectGUID', 'sourceAnchorBinary')]],
  },
  {
    ...OUT_AD,
    name: 'Out to AD - InetOrgPerson Join',
    source: 'person',
    target: 'inetOrgPerson',
    link: 'Join',
    tag: 'Microsoft.OuttoADInetOrgPersonJoin.003',
    join: userJoin,
  },
  {
    ...OUT_AD,
    name: 'Out to AD - User Join SOAInAD',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoADUserJoinSOAInAD.004',
    scope: [[sc('cloudMastered', 'EQUAL', 'False')]],
    join: userJoin,
  },
  {
    ...OUT_AD,
    name: 'Out to AD - Contact Exchange Hybrid',
    source: 'person',
    target: 'contact',
    link: 'Join',
    tag: 'Microsoft.OuttoADContactExchangeHybrid.003',
    flows: [cloudX500],
  },
  {
    ...OUT_AD,
    name: 'Out to AD - Group Exchange Hybrid',
    source: 'group',
    target: 'group',
    link: 'Join',
    tag: 'Microsoft.OuttoADGroupExchangeHybrid.004',
    scope: [[sc('cloudMastered', 'NOTEQUAL', 'True')]],
    flows: [cloudX500],
  },
  {
    ...OUT_AD,
    name: 'Out to AD - InetOrgPerson Exchange Hybrid',
    source: 'person',
    target: 'inetOrgPerson',
    link: 'Join',
    tag: 'Microsoft.OuttoADInetOrgPersonExchangeHybrid.003',
    scope: [[sc('contributingConnectorExchange', 'EQUAL', '%Connector.ID%')]],
    flows: hybridOutUser,
  },
  {
    ...OUT_AD,
    name: 'Out to AD - User Exchange Hybrid',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoADUserExchangeHybrid.003',
    flows: hybridOutUser,
  },
  {
    // Added by the wizard only with mS-DS-ConsistencyGuid as the sourceAnchor (version history,
    // 1.1.561.0 and 1.1.614.0): writes objectGUID back so the anchor survives forest moves.
    ...OUT_AD,
    name: 'Out to AD - User ImmutableId',
    source: 'person',
    target: 'user',
    link: 'Join',
    tag: 'Microsoft.OuttoADUserImmutableId.001',
    scope: [[sc('sourceObjectType', 'EQUAL', 'User')]],
    flows: [d(CG, 'sourceAnchorBinary')],
    when: (ctx) => ctx.sourceAnchor === CG,
  },
  {
    ...IN_AD,
    name: 'In from AD - Computer Join',
    source: 'computer',
    target: 'device',
    link: 'Provision',
    tag: 'Microsoft.InfromADComputerJoin.002',
    join: [[jc('objectGUID', 'deviceId')]],
    flows: flows(
      x('accountEnabled', EXPR.accountEnabled, ['userAccountControl']),
      'deviceId<objectGUID',
      x('sourceAnchor', 'ConvertToBase64([objectGUID])', ['objectGUID']),
      displayNameOrCn,
      'objectSid',
      c('sourceObjectType', 'Computer'),
      'deviceOSVersion<operatingSystemVersion deviceOSType<operatingSystem',
      c('deviceTrustType', 'ServerAd'),
      c('cloudCreated', 'False', true),
      'userCertificate',
      once(d('registeredOwnerReference', 'mS-DS-CreatorSID')),
      x('cloudFiltered', 'IIF(IsNullOrEmpty([userCertificate]),True,NULL)', ['userCertificate']),
    ),
  },
  {
    ...OUT_AAD,
    name: 'Out to AAD - Device Join SOAInAD',
    source: 'device',
    target: 'device',
    link: 'Provision',
    tag: 'Microsoft.OuttoAADJoinSOAInAD.002',
    scope: [
      [
        sc('cloudCreated', 'EQUAL', 'false'),
        sc('userCertificate', 'ISNOTNULL'),
        sc('cloudFiltered', 'NOTEQUAL', 'true'),
      ],
    ],
    join: [[jc('deviceId', 'deviceId')]],
    flows: flows(
      'displayName',
      aadDn,
      'deviceId accountEnabled deviceOSVersion deviceOSType registeredOwnerReference deviceTrustType',
      'onPremiseSecurityIdentifier<objectSid',
      merge(d('userCertificate'), 'MergeCaseInsensitive'),
    ),
  },
  {
    ...IN_AD,
    name: 'In from AD - Device Common',
    source: 'msDS-Device',
    target: 'device',
    link: 'Join',
    tag: 'Microsoft.InfromADDeviceCommon.001',
    scope: [[sc('objectGUID', 'ISNOTNULL'), sc('msDS-CloudAnchor', 'ISNOTNULL')]],
    join: [[jc('msDS-DeviceID', 'deviceId')]],
    flows: [c('isProvisionedInAD', 'True')],
  },
];

/**
 * A deterministic rule Identifier: a GUID-shaped 128-bit FNV-1a hash of the text. The real product
 * draws random GUIDs; stable ids keep scenario files and exports reproducible.
 *
 * @example
 * ruleIdentifier('In from AD - User Join|contoso.com') // the same GUID on every run
 */
export function ruleIdentifier(text: string): string {
  let h = 0x6c62272e07bb014262b821756295c58dn;
  const prime = 0x0000000001000000000000000000013bn;
  const mask = (1n << 128n) - 1n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * prime) & mask;
  }
  const hex = h.toString(16).padStart(32, '0').split('');
  hex[12] = '5'; // version nibble, so the value reads as a name-based GUID
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Generates the out-of-box rule set. Precedence is assigned the way the wizard does: rules grouped
 * by name in creation order, the AD connectors interleaved inside each group in the order they were
 * added, numbered from 100.
 *
 * @example
 * const rules = generateDefaultRules(
 *   { sourceAnchor: 'objectGUID', userMatching: 'objectSidToMsExchMasterAccountSid' },
 *   { forests: ['contoso.com'], entra: 'contoso.onmicrosoft.com - AAD' },
 * );
 * rules[0].name; // 'In from AD - User Join', precedence 100
 */
export function generateDefaultRules(
  installation: DefaultRulesInstallation,
  connectors: DefaultRulesConnectors,
): SyncRule[] {
  const ctx: Context = {
    ...installation,
    anchorBinary: installation.sourceAnchor === CG || installation.userMatching === 'none',
  };
  const rules: SyncRule[] = [];
  let precedence = DEFAULT_PRECEDENCE_START;
  for (const t of TEMPLATES) {
    if (t.when !== undefined && !t.when(ctx)) continue;
    const targets = t.side === 'AD' ? connectors.forests : [connectors.entra];
    for (const connector of targets) {
      const join = typeof t.join === 'function' ? t.join(ctx) : (t.join ?? []);
      const transformations = typeof t.flows === 'function' ? t.flows(ctx) : (t.flows ?? []);
      rules.push({
        id: ruleIdentifier(`${t.name}|${connector.toLowerCase()}`),
        name: t.name,
        description: t.description ?? '',
        direction: t.direction,
        connector,
        sourceObjectType: t.source,
        targetObjectType: t.target,
        linkType: t.link,
        precedence: precedence++,
        disabled: false,
        enablePasswordSync: t.passwordSync ?? false,
        immutableTag: t.tag,
        scopingFilter: clone(t.scope ?? []),
        joinRules: clone(join),
        transformations: clone(transformations),
      });
    }
  }
  return rules;
}
