import { describe, expect, it } from 'vitest';
import { isSmtpProxy, primarySmtp, smtpAddresses, stringOf, stringsOf } from './addresses.ts';

describe('address helpers', () => {
  it('an SMTP proxy address has the prefix smtp: in any case, and only that prefix', () => {
    for (const p of ['SMTP:a@contoso.com', 'smtp:a@contoso.com', 'SmTp:a', 'smtp:'])
      expect(isSmtpProxy(p)).toBe(true);
    // U+017F (long s) upper-cases to S but does not lower-case to s.
    for (const p of [
      'smtp',
      'X500:/o=Contoso',
      'sip:a@contoso.com',
      ' smtp:a',
      'smtp;a',
      'ſmtp:a',
      '',
    ])
      expect(isSmtpProxy(p)).toBe(false);
  });

  it('reads single values and lists alike, skipping what is not a string', () => {
    const proxies = ['smtp:b@contoso.com', 'X500:/o=Contoso', 'SMTP:a@contoso.com', 5];
    expect(smtpAddresses(proxies)).toEqual(['b@contoso.com', 'a@contoso.com']);
    expect(smtpAddresses('SMTP:a@contoso.com')).toEqual(['a@contoso.com']);
    expect(smtpAddresses(undefined)).toEqual([]);
    expect(primarySmtp(proxies)).toBe('a@contoso.com');
    expect(primarySmtp('smtp:a@contoso.com')).toBeUndefined();
    expect(stringsOf(proxies)).toEqual(proxies.slice(0, 3));
    expect(stringsOf('a')).toEqual(['a']);
    expect(stringsOf(5)).toEqual([]);
    expect(stringsOf(undefined)).toEqual([]);
    expect(stringOf(['a', 'b'])).toBe('a');
    expect(stringOf('a')).toBe('a');
    expect(stringOf([5, 'a'])).toBeUndefined();
    expect(stringOf([])).toBeUndefined();
    expect(stringOf(true)).toBeUndefined();
    expect(stringOf(undefined)).toBeUndefined();
  });
});
