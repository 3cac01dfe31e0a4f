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
  if (Array.isArray(v)) return (v as readonly Scalar[]).filter((s) => typeof s === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** The one string value of a single-valued attribute, or undefined. */
export function stringOf(v: Value | undefined): string | undefined {
  // The tenant reads several an object: without a list made for a single value.
  const first = Array.isArray(v) ? (v as readonly Scalar[])[0] : v;
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
  for (const p of listOf(proxyAddresses)) {
    if (typeof p === 'string' && p.startsWith('SMTP:')) return p.slice(5);
  }
  return undefined;
}

/** True for an SMTP proxy address of either case (`SMTP:` primary, `smtp:` secondary). */
export function isSmtpProxy(p: string): boolean {
  // Without a copy: no character but these ASCII letters lower-cases to one of them.
  return (
    p.length >= 5 &&
    (p.charCodeAt(0) | 0x20) === 0x73 &&
    (p.charCodeAt(1) | 0x20) === 0x6d &&
    (p.charCodeAt(2) | 0x20) === 0x74 &&
    (p.charCodeAt(3) | 0x20) === 0x70 &&
    p.charCodeAt(4) === 0x3a
  );
}

/** The address part of every SMTP proxy address, primary or secondary. */
export function smtpAddresses(proxyAddresses: Value | undefined): string[] {
  const out: string[] = [];
  for (const p of listOf(proxyAddresses))
    if (typeof p === 'string' && isSmtpProxy(p)) out.push(p.slice(5));
  return out;
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
