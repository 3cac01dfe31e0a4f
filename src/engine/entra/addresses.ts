/**
 * Proxy-address and userPrincipalName helpers shared by the tenant (matching, uniqueness) and the
 * Exchange Online recipient model.
 */
import type { Scalar, Value } from '../expr/values.ts';

/** The values of an attribute as a list (single values become one-element lists). */
export function listOf(v: Value | undefined): readonly Scalar[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as readonly Scalar[]) : [v as Scalar];
}

/** The string values of an attribute (non-strings are skipped). */
export function stringsOf(v: Value | undefined): string[] {
  return listOf(v).filter((s): s is string => typeof s === 'string');
}

/** The one string value of a single-valued attribute, or undefined. */
export function stringOf(v: Value | undefined): string | undefined {
  const first = listOf(v)[0];
  return typeof first === 'string' ? first : undefined;
}

/**
 * The primary SMTP address: the value whose prefix is `SMTP:` in upper case. Only that value counts
 * for soft match (how-to-connect-install-existing-tenant).
 *
 * @example
 * primarySmtp(['smtp:a@contoso.com', 'SMTP:b@contoso.com']) // 'b@contoso.com'
 */
export function primarySmtp(proxyAddresses: Value | undefined): string | undefined {
  for (const p of stringsOf(proxyAddresses)) {
    if (p.startsWith('SMTP:')) return p.slice(5);
  }
  return undefined;
}

/** True for an SMTP proxy address of either case (`SMTP:` primary, `smtp:` secondary). */
export function isSmtpProxy(p: string): boolean {
  return p.slice(0, 5).toLowerCase() === 'smtp:';
}

/** The address part of every SMTP proxy address, primary or secondary. */
export function smtpAddresses(proxyAddresses: Value | undefined): string[] {
  return stringsOf(proxyAddresses)
    .filter(isSmtpProxy)
    .map((p) => p.slice(5));
}

/** The key under which Entra ID compares addresses and UPNs: they are unique without regard to case. */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}

/** The part before `@` (the whole value when there is none). */
export function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : address.slice(0, at);
}

/** The part after `@`, lower-cased, or undefined. */
export function domainPart(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at < 0 ? undefined : address.slice(at + 1).toLowerCase();
}
