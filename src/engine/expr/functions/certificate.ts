/**
 * X.509 certificate functions (CertSubject, CertThumbprint, CertNotAfter …, IsCert). Certificates
 * are DER bytes, or Base64 / PEM text of DER (binary or string), parsed with pkijs/asn1js.
 * Results follow .NET's X509Certificate2, which the product calls.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { base64ToBytes, bytesToHex, bytesToUpperHex } from '../../io/binary.ts';
import { sha1 } from '../hash.ts';
import { asBoolean, asString, dateToFileTime, fail, multi } from '../runtime.ts';
import { DateTime, type FlowValue, type Scalar } from '../values.ts';
import { utf8Decode } from './conversion.ts';
import { perValue, sig, type FunctionDef } from './types.ts';

/** The DER bytes of a certificate given as DER, or as Base64/PEM text (string or bytes). */
function certificateBytes(v: FlowValue): Uint8Array | null {
  let text: string | null = null;
  if (v instanceof Uint8Array) {
    if (v[0] === 0x30) return v;
    text = utf8Decode(v);
  } else if (typeof v === 'string') {
    text = v;
  }
  if (text === null) return null;
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '');
  return base64ToBytes(body);
}

const cache = new WeakMap<Uint8Array, pkijs.Certificate | null>();
/** The DER each parsed certificate came from: thumbprints hash exactly those bytes. */
const derOf = new WeakMap<pkijs.Certificate, Uint8Array>();
const textCache = new Map<string, pkijs.Certificate | null>();

/** Parses a certificate, or null when the value is not one (IsCert). */
export function parseCertificate(v: FlowValue): pkijs.Certificate | null {
  if (v instanceof Uint8Array && cache.has(v)) return cache.get(v) ?? null;
  if (typeof v === 'string' && textCache.has(v)) return textCache.get(v) ?? null;
  let cert: pkijs.Certificate | null = null;
  const der = certificateBytes(v);
  if (der && der.length > 0) {
    try {
      const asn1 = asn1js.fromBER(der);
      // Trailing bytes or a partial structure mean it is not a certificate.
      if (asn1.offset === der.length) {
        cert = new pkijs.Certificate({ schema: asn1.result });
        derOf.set(cert, der);
      }
    } catch {
      cert = null;
    }
  }
  if (v instanceof Uint8Array) cache.set(v, cert);
  else if (typeof v === 'string') {
    if (textCache.size > 1000) textCache.clear();
    textCache.set(v, cert);
  }
  return cert;
}

function certificate(v: FlowValue, fn: string): pkijs.Certificate {
  return parseCertificate(v) ?? fail(`${fn}: the value is not an X.509 certificate.`);
}

/** Attribute-type short names as Windows (CertNameToStr) writes them. */
const NAME_KEYS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.17': 'PostalCode',
  '2.5.4.13': 'Description',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'E',
};

interface NameAttribute {
  oid: string;
  value: string;
}

function attributeText(value: unknown): string {
  const block = (value as { valueBlock?: { value?: unknown; valueHexView?: Uint8Array } })
    .valueBlock;
  if (typeof block?.value === 'string') return block.value;
  return block?.valueHexView ? bytesToHex(block.valueHexView) : '';
}

/** The RDNs of a Name, in encoded order, each a set of attributes (asn1js keeps the grouping). */
function nameRdns(name: pkijs.RelativeDistinguishedNames): NameAttribute[][] {
  const parsed = asn1js.fromBER(name.valueBeforeDecode);
  const rdns: NameAttribute[][] = [];
  const sets = (parsed.result as asn1js.Sequence).valueBlock?.value ?? [];
  for (const set of sets) {
    const attrs: NameAttribute[] = [];
    for (const seq of (set as asn1js.Set).valueBlock.value) {
      const [oid, value] = (seq as asn1js.Sequence).valueBlock.value;
      if (oid instanceof asn1js.ObjectIdentifier)
        attrs.push({ oid: oid.valueBlock.toString(), value: attributeText(value) });
    }
    rdns.push(attrs);
  }
  return rdns;
}

/** .NET X500DistinguishedName.Name: most specific RDN first, ", " between, quotes where needed. */
function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return nameRdns(name)
    .reverse()
    .map((rdn) =>
      rdn
        .map(({ oid, value }) => {
          const key = NAME_KEYS[oid] ?? `OID.${oid}`;
          const quoted =
            /[,+="\n<>#;]/.test(value) || /^\s|\s$/.test(value)
              ? `"${value.replace(/"/g, '""')}"`
              : value;
          return `${key}=${quoted}`;
        })
        .join(' + '),
    )
    .join(', ');
}

function der(cert: pkijs.Certificate): Uint8Array {
  return derOf.get(cert) ?? new Uint8Array(cert.toSchema(true).toBER(false));
}

function findAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | undefined {
  // GetNameInfo reads the last (most specific) occurrence.
  const all = nameRdns(name)
    .flat()
    .filter((a) => a.oid === oid);
  return all[all.length - 1]?.value;
}

interface AltName {
  type: number;
  value: unknown;
}

function altNames(cert: pkijs.Certificate, issuer: boolean): AltName[] {
  const ext = cert.extensions?.find((e) => e.extnID === (issuer ? '2.5.29.18' : '2.5.29.17'));
  const parsed = ext?.parsedValue as { altNames?: AltName[] } | undefined;
  return parsed?.altNames ?? [];
}

const UPN_OID = '1.3.6.1.4.1.311.20.2.3';

function upnFromOtherName(value: unknown): string | undefined {
  // otherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }
  const items = (value as { valueBlock?: { value?: unknown[] } }).valueBlock?.value ?? [];
  const [oid, wrapped] = items;
  if (!(oid instanceof asn1js.ObjectIdentifier) || oid.valueBlock.toString() !== UPN_OID)
    return undefined;
  const inner = (wrapped as { valueBlock?: { value?: unknown[] } } | undefined)?.valueBlock
    ?.value?.[0];
  return inner === undefined ? undefined : attributeText(inner);
}

/** X509Certificate2.GetNameInfo(X509NameType, forIssuer). */
function nameInfo(cert: pkijs.Certificate, type: string, forIssuer: boolean): string {
  const name = forIssuer ? cert.issuer : cert.subject;
  const alts = altNames(cert, forIssuer);
  const alt = (t: number): string | undefined => {
    const a = alts.find((x) => x.type === t);
    return a === undefined ? undefined : String(a.value);
  };
  switch (type) {
    case 'SimpleName':
      return (
        findAttribute(name, '2.5.4.3') ??
        findAttribute(name, '2.5.4.11') ??
        findAttribute(name, '2.5.4.10') ??
        findAttribute(name, '1.2.840.113549.1.9.1') ??
        alt(1) ??
        alt(2) ??
        ''
      );
    case 'EmailName':
      return findAttribute(name, '1.2.840.113549.1.9.1') ?? alt(1) ?? '';
    case 'UpnName':
      for (const a of alts) {
        if (a.type !== 0) continue;
        const upn = upnFromOtherName(a.value);
        if (upn !== undefined) return upn;
      }
      return '';
    case 'DnsName':
      return alt(2) ?? findAttribute(name, '2.5.4.3') ?? '';
    case 'DnsFromAlternativeName':
      return alt(2) ?? '';
    case 'UrlName':
      return alt(6) ?? '';
    default:
      return fail(`CertNameInfo: unknown X509NameType '${type}'.`);
  }
}

function toDateTime(t: pkijs.Time): DateTime {
  return new DateTime(dateToFileTime(t.value));
}

/** An OID read from the key's algorithm parameters (EC named curve), if that is what they hold. */
function parametersOid(cert: pkijs.Certificate): string | undefined {
  const params: unknown = cert.subjectPublicKeyInfo.algorithm.algorithmParams;
  return params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : undefined;
}

function parametersHex(cert: pkijs.Certificate): string {
  const params: unknown = cert.subjectPublicKeyInfo.algorithm.algorithmParams;
  if (params instanceof asn1js.BaseBlock)
    return bytesToUpperHex(new Uint8Array(params.toBER(false)));
  return '';
}

const one = (
  name: string,
  returns: 'str' | 'dt' | 'bool' | 'mvstr',
  fn: (c: pkijs.Certificate) => FlowValue,
): FunctionDef =>
  perValue(name, [sig(returns, 'bin'), sig(returns, 'str')], (v) => fn(certificate(v, name)));

export const certificateFunctions: FunctionDef[] = [
  one('CertExtensionOids', 'mvstr', (c) =>
    multi((c.extensions ?? []).filter((e) => e.critical).map((e): Scalar => e.extnID)),
  ),
  one('CertFormat', 'str', () => 'X509'),
  // FriendlyName is a certificate-store property; a certificate read from bytes has none.
  one('CertFriendlyName', 'str', () => ''),
  one('CertHashString', 'str', (c) => bytesToUpperHex(sha1(der(c)))),
  one('CertIssuer', 'str', (c) => formatName(c.issuer)),
  one('CertIssuerDN', 'str', (c) => formatName(c.issuer)),
  // X500DistinguishedName.Oid is not set for names read from a certificate. [inferred]
  one('CertIssuerOid', 'str', () => null),
  one('CertKeyAlgorithm', 'str', (c) => c.subjectPublicKeyInfo.algorithm.algorithmId),
  one('CertKeyAlgorithmParams', 'str', parametersHex),
  {
    name: 'CertNameInfo',
    kind: 'strict',
    signatures: [sig('str', 'bin', 'str', 'bool'), sig('str', 'str', 'str', 'bool')],
    enums: {
      1: ['SimpleName', 'EmailName', 'UpnName', 'DnsName', 'DnsFromAlternativeName', 'UrlName'],
    },
    lift: [0],
    impl([v, typeV, issuerV]) {
      if (v == null) return null;
      const c = certificate(v, 'CertNameInfo');
      return nameInfo(
        c,
        asString(typeV ?? null, 'CertNameInfo'),
        asBoolean(issuerV ?? null, 'CertNameInfo'),
      );
    },
  },
  one('CertNotAfter', 'dt', (c) => toDateTime(c.notAfter)),
  one('CertNotBefore', 'dt', (c) => toDateTime(c.notBefore)),
  one('CertPublicKeyOid', 'str', (c) => c.subjectPublicKeyInfo.algorithm.algorithmId),
  one(
    'CertPublicKeyParametersOid',
    'str',
    (c) => parametersOid(c) ?? c.subjectPublicKeyInfo.algorithm.algorithmId,
  ),
  one('CertSerialNumber', 'str', (c) => bytesToUpperHex(c.serialNumber.valueBlock.valueHexView)),
  one('CertSignatureAlgorithmOid', 'str', (c) => c.signatureAlgorithm.algorithmId),
  one('CertSubject', 'str', (c) => formatName(c.subject)),
  one('CertSubjectNameDN', 'str', (c) => formatName(c.subject)),
  one('CertSubjectNameOid', 'str', () => null),
  one('CertThumbprint', 'str', (c) => bytesToUpperHex(sha1(der(c)))),
  one('CertVersion', 'str', (c) => String(c.version + 1)),
  {
    name: 'IsCert',
    kind: 'strict',
    signatures: [sig('bool', 'bin'), sig('bool', 'str')],
    lift: [0],
    impl: ([v]) => v != null && parseCertificate(v) !== null,
  },
];
