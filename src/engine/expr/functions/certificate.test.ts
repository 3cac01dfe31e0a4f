import { X509Certificate, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../io/binary.ts';
import { compileExpression } from '../index.ts';
import type { EvalContext } from '../runtime.ts';
import { DateTime, type AttributeBag, type FlowValue } from '../values.ts';

/** Builds and signs a real certificate with pkijs (RSA, SHA-256) for the tests. */
async function makeCertificate(options: {
  serial: number;
  subjectCn: string;
  notBefore: Date;
  notAfter: Date;
}): Promise<Uint8Array> {
  const crypto = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto });
  pkijs.setEngine('node', crypto);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: options.serial });
  // One attribute per RDN (pkijs alone would put them all in one multi-valued RDN).
  const name = (cn: string) => {
    const attrs = [
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.6',
        value: new asn1js.PrintableString({ value: 'US' }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.10',
        value: new asn1js.Utf8String({ value: 'Contoso, Ltd' }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.3',
        value: new asn1js.Utf8String({ value: cn }),
      }),
    ];
    const seq = new asn1js.Sequence({
      value: attrs.map((a) => new asn1js.Set({ value: [a.toSchema()] })),
    });
    return new pkijs.RelativeDistinguishedNames({
      typesAndValues: attrs,
      valueBeforeDecode: seq.toBER(false),
    });
  };
  cert.issuer = name('Contoso Root CA');
  cert.subject = name(options.subjectCn);
  cert.notBefore.value = options.notBefore;
  cert.notAfter.value = options.notAfter;
  // subjectAltName: rfc822Name, dNSName and a UPN otherName ([0] IMPLICIT SEQUENCE { OID, [0] { UTF8String } }).
  const text = (tag: number, v: string) =>
    new asn1js.Primitive({
      idBlock: { tagClass: 3, tagNumber: tag },
      valueHex: new TextEncoder().encode(v),
    });
  const san = new asn1js.Sequence({
    value: [
      text(1, 'ann@contoso.com'),
      text(2, 'ann.contoso.com'),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [
          new asn1js.ObjectIdentifier({ value: '1.3.6.1.4.1.311.20.2.3' }),
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 0 },
            value: [new asn1js.Utf8String({ value: 'ann@contoso.com' })],
          }),
        ],
      }),
    ],
  });
  cert.extensions = [
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false),
    }),
    new pkijs.Extension({
      extnID: '2.5.29.17',
      critical: false,
      extnValue: san.toBER(false),
    }),
  ];
  const keys = (await webcrypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey, crypto);
  await cert.sign(keys.privateKey, 'SHA-256', crypto);
  return new Uint8Array(cert.toSchema(true).toBER(false));
}

let valid: Uint8Array;
let expired: Uint8Array;
const now = 133500000000000000n; // 2024-01-21

beforeAll(async () => {
  valid = await makeCertificate({
    serial: 0x1f2e3d,
    subjectCn: 'Ann Smith',
    notBefore: new Date('2023-01-01T08:30:00Z'),
    notAfter: new Date('2030-06-30T12:00:00Z'),
  });
  expired = await makeCertificate({
    serial: 7,
    subjectCn: 'Old',
    notBefore: new Date('2010-01-01T00:00:00Z'),
    notAfter: new Date('2012-01-01T00:00:00Z'),
  });
}, 30000);

function value(
  text: string,
  attributes: AttributeBag,
  extra: Partial<EvalContext> = {},
): FlowValue {
  const c = compileExpression(text);
  if (!c.ok) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
  const r = c.evaluate({ attributes, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('Cert* functions', () => {
  it('read subject, issuer, serial number, thumbprint and version like X509Certificate2', () => {
    const node = new X509Certificate(valid);
    const a = { c: valid };
    expect(value('CertSubject([c])', a)).toBe('CN=Ann Smith, O="Contoso, Ltd", C=US');
    expect(value('CertSubjectNameDN([c])', a)).toBe('CN=Ann Smith, O="Contoso, Ltd", C=US');
    expect(value('CertIssuer([c])', a)).toBe('CN=Contoso Root CA, O="Contoso, Ltd", C=US');
    expect(value('CertIssuerDN([c])', a)).toBe('CN=Contoso Root CA, O="Contoso, Ltd", C=US');
    expect(value('CertSerialNumber([c])', a)).toBe(node.serialNumber.toUpperCase());
    expect(value('CertThumbprint([c])', a)).toBe(node.fingerprint.replace(/:/g, ''));
    expect(value('CertHashString([c])', a)).toBe(node.fingerprint.replace(/:/g, ''));
    expect(value('CertVersion([c])', a)).toBe('3');
    expect(value('CertFormat([c])', a)).toBe('X509');
    expect(value('CertFriendlyName([c])', a)).toBe('');
  });

  it('read algorithms, parameters and critical extensions', () => {
    const a = { c: valid };
    expect(value('CertKeyAlgorithm([c])', a)).toBe('1.2.840.113549.1.1.1');
    expect(value('CertPublicKeyOid([c])', a)).toBe('1.2.840.113549.1.1.1');
    expect(value('CertPublicKeyParametersOid([c])', a)).toBe('1.2.840.113549.1.1.1');
    expect(value('CertKeyAlgorithmParams([c])', a)).toBe('0500');
    expect(value('CertSignatureAlgorithmOid([c])', a)).toBe('1.2.840.113549.1.1.11');
    expect(value('CertExtensionOids([c])', a)).toEqual(['2.5.29.19']);
  });

  it('CertNameInfo reads X509NameType names of the subject or issuer', () => {
    const a = { c: valid };
    expect(value('CertNameInfo([c], "SimpleName", False)', a)).toBe('Ann Smith');
    expect(value('CertNameInfo([c], "SimpleName", True)', a)).toBe('Contoso Root CA');
    expect(value('CertNameInfo([c], "EmailName", False)', a)).toBe('ann@contoso.com');
    expect(value('CertNameInfo([c], "DnsName", False)', a)).toBe('ann.contoso.com');
    expect(value('CertNameInfo([c], "UpnName", False)', a)).toBe('ann@contoso.com');
    expect(value('CertNameInfo([c], "UrlName", False)', a)).toBe('');
  });

  it('reads validity dates (UTC) and filters expired certificates with Where', () => {
    expect(value('CertNotBefore([c])', { c: valid })).toEqual(new DateTime(133170354000000000n));
    expect(value('FormatDateTime(CertNotAfter([c]), "yyyy-MM-dd HH:mm:ss")', { c: valid })).toBe(
      '2030-06-30 12:00:00',
    );
    const bag = { userCertificate: [expired, valid] };
    const clock = () => now;
    expect(
      value('Where($item,[userCertificate],CertNotAfter($item)>Now())', bag, { clock }),
    ).toEqual([valid]);
    expect(
      value(
        'With($unExpiredCerts,Where($item,[userCertificate],CertNotAfter($item)>Now()),IIF(Count($unExpiredCerts)>0,$unExpiredCerts,NULL))',
        { userCertificate: [expired] },
        { clock },
      ),
    ).toBeNull();
  });

  it('IsCert accepts DER, Base64 and PEM, and rejects anything else', () => {
    const b64 = bytesToBase64(valid);
    expect(value('IsCert([c])', { c: valid })).toBe(true);
    expect(value('IsCert([c])', { c: b64 })).toBe(true);
    expect(
      value('IsCert([c])', { c: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----` }),
    ).toBe(true);
    expect(value('CertSubject([c])', { c: b64 })).toBe('CN=Ann Smith, O="Contoso, Ltd", C=US');
    expect(value('IsCert([c])', { c: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) })).toBe(false);
    expect(value('IsCert([c])', { c: 'not a certificate' })).toBe(false);
    expect(value('IsCert([c])', { c: valid.slice(0, 100) })).toBe(false);
    const r = compileExpression('CertSubject([c])');
    if (!r.ok) throw new Error();
    expect(r.evaluate({ attributes: { c: 'nope' } })).toMatchObject({
      ok: false,
      error: { message: 'CertSubject: the value is not an X.509 certificate.' },
    });
  });
});
