/**
 * Building blocks for the out-of-box attribute flows: a compact notation for the long lists of
 * direct flows, and the expressions the default rules share.
 *
 * The lists follow the real export of Azure AD Connect 1.1.x (reference/aadc-default-rules-2016),
 * in the order the product writes them; docs/default-rules.md lists where newer rule versions differ.
 */
import type { MergeType, Transformation } from '../rules/model.ts';

/** Direct flow; `source` defaults to the target name. */
export function d(target: string, source: string = target): Transformation {
  return { target, flowType: 'Direct', source, applyOnce: false, mergeType: 'Update' };
}

/** Constant flow. */
export function c(target: string, value: string, applyOnce = false): Transformation {
  return { target, flowType: 'Constant', value, applyOnce, mergeType: 'Update' };
}

/** Expression flow; `source` is the attribute list the product records beside the expression. */
export function x(target: string, expression: string, source?: string[]): Transformation {
  return {
    target,
    flowType: 'Expression',
    ...(source !== undefined ? { source } : {}),
    expression,
    applyOnce: false,
    mergeType: 'Update',
  };
}

export function once(t: Transformation): Transformation {
  return { ...t, applyOnce: true };
}

export function merge(t: Transformation, mergeType: MergeType): Transformation {
  return { ...t, mergeType };
}

/**
 * Expands a flow list. A string holds space-separated tokens: `name` is a direct flow of the same
 * attribute, `target<source` a direct flow from another attribute, `~name` is `Trim([name])`.
 *
 * @example
 * flows('cn ~sn alias<mailNickname') // Direct cn, Expression Trim([sn]), Direct alias ← mailNickname
 */
export function flows(
  ...parts: (string | Transformation | readonly Transformation[])[]
): Transformation[] {
  const out: Transformation[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') {
      if (Array.isArray(part)) out.push(...(part as readonly Transformation[]));
      else out.push(part as Transformation);
      continue;
    }
    for (const token of part.split(/\s+/).filter((t) => t !== '')) {
      if (token.startsWith('~')) {
        const a = token.slice(1);
        out.push(x(a, `Trim([${a}])`, [a]));
      } else if (token.includes('<')) {
        const [target = '', source = ''] = token.split('<');
        out.push(d(target, source));
      } else {
        out.push(d(token));
      }
    }
  }
  return out;
}

/** `extensionAttribute1..15`, with `prefix` (`~` for Trim) before each. */
export function extensionAttributes(prefix = '', order: 'numeric' | 'text' = 'numeric'): string {
  const n = Array.from({ length: 15 }, (_, i) => i + 1);
  const sorted = order === 'numeric' ? n : n.map(String).sort().map(Number);
  return sorted.map((i) => `${prefix}extensionAttribute${i}`).join(' ');
}

/** `IIF(IsString([a]),CStr([a]),ConvertToBase64([a]))`: the string form of a binary anchor. */
export function base64Of(attribute: string): string {
  return `IIF(IsString([${attribute}]),CStr([${attribute}]),ConvertToBase64([${attribute}]))`;
}

/** Replication-conflict ("CNF:") victims are filtered from the cloud. */
const CNF = 'CBool(InStr(DNComponent(CRef([dn]),1),"\\\\0ACNF:")>0)';

export const EXPR = {
  cloudFilteredUser:
    'IIF(IsPresent([isCriticalSystemObject]) || IsPresent([sAMAccountName]) = False || [sAMAccountName] = "SUPPORT_388945a0" || Left([mailNickname], 14) = "SystemMailbox{" || Left([sAMAccountName], 4) = "AAD_" || (Left([mailNickname], 4) = "CAS_" && (InStr([mailNickname], "}") > 0)) || (Left([sAMAccountName], 4) = "CAS_" && (InStr([sAMAccountName], "}") > 0)) || Left([sAMAccountName], 5) = "MSOL_" || CBool(IIF(IsPresent([msExchRecipientTypeDetails]),BitAnd([msExchRecipientTypeDetails],&H21C07000) > 0,NULL)) || ' +
    CNF +
    ', True, NULL)',
  cloudFilteredGroup:
    'IIF(IsPresent([isCriticalSystemObject]) || [sAMAccountName] = "MSOL_AD_Sync_RichCoexistence" || CBool(IIF(IsPresent([msExchRecipientTypeDetails]),BitAnd([msExchRecipientTypeDetails],&H40000000) > 0,NULL))  || ' +
    CNF +
    ', True, NULL)',
  cloudFilteredContact:
    'IIF(IsPresent([isCriticalSystemObject]) || ( (InStr([displayName], "(MSOL)") > 0) && (CBool([msExchHideFromAddressLists]))) || (Left([mailNickname], 4) = "CAS_" && (InStr([mailNickname], "}") > 0)) || ' +
    CNF +
    ', True, NULL)',
  /** Contacts: mail-enabled with an `SMTP:` proxy address holding `@`, or a `mail` with `@`. */
  mailEnabledContact:
    'IIF(( (IsPresent([proxyAddresses]) = True) && (Contains([proxyAddresses], "SMTP:") > 0) && (InStr(Item([proxyAddresses], Contains([proxyAddresses], "SMTP:")), "@") > 0)) ||  (IsPresent([mail]) = True && (InStr([mail], "@") > 0)), True, False)',
  /**
   * Groups: the 2016 export tests `Contains([proxyAddresses], "SMTP:")`, which is case-sensitive;
   * the user-and-contacts article documents that a group whose only SMTP address is a lowercase
   * `smtp:` one is mail-enabled too, so the search is case-insensitive. The same article makes
   * `mail` count only when proxyAddresses is empty ("If the group's proxyAddress attribute is
   * non-empty, it must contain at least one SMTP proxy address value"), see docs/default-rules.md.
   */
  mailEnabledGroup:
    'IIF(( (IsPresent([proxyAddresses]) = True) && (Contains([proxyAddresses], "SMTP:", CaseInsensitive) > 0) && (InStr(Item([proxyAddresses], Contains([proxyAddresses], "SMTP:", CaseInsensitive)), "@") > 0)) ||  (IsPresent([proxyAddresses]) = False && IsPresent([mail]) = True && (InStr([mail], "@") > 0)), True, False)',
  userPrincipalName:
    'IIF(IsPresent([userPrincipalName]),[userPrincipalName], IIF(IsPresent([sAMAccountName]),([sAMAccountName]&"@"&%Domain.FQDN%),Error("AccountName is not present")))',
  pwdLastSet:
    'IIF(IsPresent([pwdLastSet]),CStr(FormatDateTime(DateFromNum([pwdLastSet]),"yyyyMMddHHmmss.0Z")),NULL)',
  accountEnabled: 'IIF(BitAnd([userAccountControl],2)=0,True,False)',
  displayName: 'IIF(IsNullOrEmpty([displayName]),[cn],[displayName])',
  proxyAddresses: 'RemoveDuplicates(Trim(ImportedValue("proxyAddresses")))',
  sourceObjectTypeUser:
    'IIF(IsPresent([msExchRecipientTypeDetails]), IIF([msExchRecipientTypeDetails]=2, NULL, "User"), "User")',
  cloudSourceAnchor: 'ImportedValue("sourceAnchor")',
  aadDn: '"CN={" & ConvertToUTF8Hex([sourceAnchor]) & "}"',
  /** The sourceAnchor guard of "Out to AAD - User Join" and "Contact Join". */
  outSourceAnchor:
    'IIF(IsPresent([cloudSourceAnchor]), IIF(Word([cloudAnchor],1,"_")=[sourceObjectType],IIF([cloudSourceAnchor] = [sourceAnchor],[sourceAnchor],Error("SourceAnchor attribute has changed.")),[sourceAnchor]),[sourceAnchor])',
  outGroupSourceAnchor:
    'IIF(IsPresent([cloudSourceAnchor]),IIF([cloudSourceAnchor] = [sourceAnchor],[sourceAnchor],Error("SourceAnchor attribute has changed.")),[sourceAnchor])',
  ignoreEmpty: (a: string) => `IIF(IsNullOrEmpty([${a}]),IgnoreThisFlow,[${a}])`,
  firstValue448: (a: string) => `IIF(IsNullOrEmpty([${a}]),NULL,Left(Trim(Item([${a}],1)),448))`,
  cloudX500: 'IIF(IsNullOrEmpty([cloudLegacyExchangeDN]),NULL,"x500:" & [cloudLegacyExchangeDN])',
  ifCloudMailbox: (a: string) => `IIF([cloudSOAExchMailbox] = True,[${a}],IgnoreThisFlow)`,
} as const;

export const firstValue448 = (a: string) => x(a, EXPR.firstValue448(a), [a]);
export const info448 = x('info', 'Left(Trim([info]),448)', ['info']);
export const displayNameOrCn = x('displayName', EXPR.displayName, ['displayName', 'cn']);
export const proxyAddressesIn = x('proxyAddresses', EXPR.proxyAddresses, ['proxyAddresses']);
export const objectSidString = x('objectSidString', 'StringFromSid([objectSid])', ['objectSid']);
export const cloudSourceAnchorIn = x('cloudSourceAnchor', EXPR.cloudSourceAnchor, ['sourceAnchor']);
export const aadDn = x('dn', EXPR.aadDn, ['sourceAnchor']);
export const connectorParameter = (target: string, parameter: string) =>
  x(target, `%${parameter}%`);
export const countryCodeOut = x('countryCode', EXPR.ignoreEmpty('countryCode'), ['countryCode']);
export const cloudX500 = merge(
  x('proxyAddresses', EXPR.cloudX500, ['cloudLegacyExchangeDN']),
  'MergeCaseInsensitive',
);
