/**
 * One line of documentation and the parameter names of every function of the expression language,
 * for completion and hover in the rules editor. The text restates the functions reference of
 * Entra Connect Sync (spec §3.2) in a sentence; signatures come from the engine's own table, so
 * what the editor shows is what the checker enforces.
 */
import { functionNames, getFunction, type Signature } from '../expr/index.ts';

interface Doc {
  /** Parameter names by position, for the longest signature (repeat groups excluded). */
  params: readonly string[];
  doc: string;
  /** A documented example call. */
  example?: string;
}

const CERT = (what: string): Doc => ({ params: ['certificateRawData'], doc: what });

const DOCS: Readonly<Record<string, Doc>> = {
  IIF: {
    params: ['condition', 'valueIfTrue', 'valueIfFalse'],
    doc: 'Returns one of two values depending on a condition; only the chosen value is evaluated.',
    example: 'IIF([employeeType]="Intern","t-" & [alias],[alias])',
  },
  Switch: {
    params: ['expr1', 'value1'],
    doc: 'Returns the value of the first condition that is True; NULL when none is. Every condition is evaluated.',
    example: 'Switch([city] = "London", "English", True, Error("Unknown city"))',
  },
  Error: {
    params: ['ErrorMessage'],
    doc: 'Raises a custom error on the object (sync-rule-error-function-triggered).',
    example: 'IIF(IsPresent([accountName]),[accountName],Error("AccountName is required"))',
  },
  Select: {
    params: ['item', 'attribute', 'function'],
    doc: 'Applies a function to every value of a multi-valued attribute.',
    example: 'Select($item,[otherPhone],Replace($item,"-",""))',
  },
  Where: {
    params: ['item', 'attribute', 'condition'],
    doc: 'Keeps the values of a multi-valued attribute for which the condition is True.',
    example: 'Where($item,[userCertificate],CertNotAfter($item)>Now())',
  },
  With: {
    params: ['variable', 'subExpression', 'complexExpression'],
    doc: 'Binds a sub-expression to a variable, to use it several times in a complex expression.',
  },
  IsNull: {
    params: ['Expression'],
    doc: 'True when the attribute is absent (NULL).',
    example: 'IsNull([displayName])',
  },
  IsEmpty: { params: ['Expression'], doc: 'True when the attribute is present but empty.' },
  IsNullOrEmpty: {
    params: ['Expression'],
    doc: 'True when the attribute is absent or empty; the inverse of IsPresent.',
  },
  IsPresent: {
    params: ['expression'],
    doc: 'True when the attribute is present and not empty; the inverse of IsNullOrEmpty.',
  },
  IsString: { params: ['expression'], doc: 'True when the value can be converted to a string.' },
  IsNumeric: { params: ['Expression'], doc: 'True when CNum can convert the value to a number.' },
  IsDate: { params: ['Expression'], doc: 'True when CDate can convert the value to a date.' },
  IsGuid: {
    params: ['GUID'],
    doc: 'True when the string has the format of a GUID, with or without braces.',
  },
  CBool: {
    params: ['Expression'],
    doc: 'True when the expression evaluates to a non-zero value, otherwise False.',
  },
  CStr: { params: ['value'], doc: 'Converts a number, reference, Boolean or date to a string.' },
  CNum: { params: ['value'], doc: 'Converts a string to a number.' },
  CRef: { params: ['value'], doc: 'Converts a string (a DN) to a reference.' },
  CGuid: { params: ['GUID'], doc: 'Converts the string form of a GUID to its binary form.' },
  CBin: { params: ['value', 'length'], doc: 'Converts a value to binary.' },
  ConvertToBase64: {
    params: ['source'],
    doc: 'Encodes a string (as UTF-16LE) or binary value in Base64.',
    example: 'ConvertToBase64("Hello world!")',
  },
  ConvertFromBase64: {
    params: ['source', 'Encoding'],
    doc: 'Decodes a Base64 string; the encoding is Unicode unless UTF8 or ASCII is given.',
  },
  ConvertToUTF8Hex: {
    params: ['source'],
    doc: 'Encodes a string as the hexadecimal digits of its UTF-8 bytes.',
  },
  ConvertFromUTF8Hex: {
    params: ['source'],
    doc: 'Decodes hexadecimal UTF-8 digits back to a string.',
  },
  StringFromGuid: { params: ['GUID'], doc: 'Converts a binary GUID to its string form.' },
  StringFromSid: {
    params: ['ObjectSID'],
    doc: 'Converts a binary security identifier to its S-1-5-… string form.',
  },
  Guid: { params: [], doc: 'Generates a new random GUID.' },
  Left: {
    params: ['string', 'NumChars'],
    doc: 'The first NumChars characters of the string.',
    example: 'Left("John Doe", 3)',
  },
  Right: {
    params: ['string', 'NumChars'],
    doc: 'The last NumChars characters of the string.',
    example: 'Right("John Doe", 3)',
  },
  Mid: {
    params: ['string', 'start', 'NumChars'],
    doc: 'NumChars characters from the 1-based position start.',
    example: 'Mid("John Doe", 3, 5)',
  },
  Len: { params: ['value'], doc: 'The number of characters in the string.' },
  Trim: { params: ['value'], doc: 'Removes leading and trailing white space (per value).' },
  LTrim: { params: ['value'], doc: 'Removes leading white space.' },
  RTrim: { params: ['value'], doc: 'Removes trailing white space.' },
  LCase: { params: ['value'], doc: 'Converts all characters to lower case.' },
  UCase: { params: ['string'], doc: 'Converts all characters to upper case.' },
  PCase: {
    params: ['string'],
    doc: 'Upper-cases the first character of each space-delimited word and lower-cases the rest.',
  },
  InStr: {
    params: ['stringcheck', 'stringmatch', 'start', 'compare'],
    doc: 'The 1-based position of the first occurrence of stringmatch; 0 when not found.',
    example: 'InStr("The quick brown fox","quick")',
  },
  InStrRev: {
    params: ['stringcheck', 'stringmatch', 'start', 'compare'],
    doc: 'The 1-based position of the last occurrence of stringmatch; 0 when not found.',
  },
  Word: {
    params: ['string', 'WordNumber', 'delimiters'],
    doc: 'The Nth word, words being separated by any of the delimiter characters.',
    example: 'Word("The quick brown fox",3," ")',
  },
  PadLeft: {
    params: ['string', 'length', 'padCharacter'],
    doc: 'Pads the string on the left to the given length.',
  },
  PadRight: {
    params: ['string', 'length', 'padCharacter'],
    doc: 'Pads the string on the right to the given length.',
  },
  Replace: {
    params: ['string', 'OldValue', 'NewValue'],
    doc: 'Replaces every occurrence of OldValue; \\n, \\r and \\t stand for control characters.',
  },
  ReplaceChars: {
    params: ['string', 'ReplacePattern'],
    doc: 'Replaces characters by a pattern {source1}:{target1},{source2}:{target2}…',
  },
  Item: {
    params: ['attribute', 'index'],
    doc: 'The value at a 1-based index of a multi-valued attribute; an error when out of range.',
  },
  ItemOrNull: {
    params: ['attribute', 'index'],
    doc: 'The value at a 1-based index of a multi-valued attribute; NULL when out of range.',
  },
  Contains: {
    params: ['attribute', 'search', 'Casetype'],
    doc: 'The 1-based index of the first value containing the search text; 0 when none does.',
    example: 'Contains([proxyAddresses],"SMTP:")',
  },
  Count: { params: ['attribute'], doc: 'The number of values of a multi-valued attribute.' },
  Join: {
    params: ['attribute', 'Delimiter'],
    doc: 'Joins the values of a multi-valued attribute with a delimiter (a space by default).',
  },
  Split: {
    params: ['value', 'delimiter', 'limit'],
    doc: 'Splits a string into a multi-valued string on a one-character delimiter.',
  },
  RemoveDuplicates: {
    params: ['attribute'],
    doc: 'The values of a multi-valued attribute without duplicates.',
  },
  BitAnd: { params: ['value1', 'value2'], doc: 'The bitwise AND of two numbers.' },
  BitOr: { params: ['value1', 'value2'], doc: 'The bitwise OR of two numbers.' },
  IsBitSet: {
    params: ['value', 'flag'],
    doc: 'True when the bit of flag is set in value.',
    example: 'IsBitSet(&HF,4)',
  },
  RandomNum: {
    params: ['start', 'end'],
    doc: 'A random number between start and end (seeded in SyncLab).',
  },
  CDate: {
    params: ['value'],
    doc: 'Parses a date and time, with an optional time zone, into a UTC date.',
  },
  DateAdd: {
    params: ['interval', 'value', 'date'],
    doc: 'Adds an interval (yyyy, q, m, y, d, w, ww, h, n, s) to a date.',
  },
  DateFromNum: { params: ['value'], doc: 'Converts an AD Integer8 (FILETIME) value to a date.' },
  NumFromDate: { params: ['value'], doc: 'Converts a date to an AD Integer8 (FILETIME) value.' },
  FormatDateTime: {
    params: ['value', 'format'],
    doc: 'Formats a date with a custom format such as "yyyy-MM-dd".',
  },
  Now: { params: [], doc: 'The current date and time of the server (the lab clock).' },
  DNComponent: {
    params: ['dn', 'ComponentNumber'],
    doc: 'The value of the Nth RDN of a DN, counted from the left.',
  },
  DNComponentRev: {
    params: ['dn', 'ComponentNumber', 'Options'],
    doc: 'The value of the Nth RDN counted from the right; the DC option skips dc= components.',
  },
  EscapeDNComponent: { params: ['value'], doc: 'Escapes one component of a DN for LDAP.' },
  ImportedValue: {
    params: ['attributeName'],
    doc: 'The value of the named attribute as last confirmed by import (name in quotes).',
    example: 'ImportedValue("proxyAddresses")',
  },
  ValueCount: {
    params: ['attributeName'],
    doc: 'The number of values of the named connector-space attribute (name in quotes).',
  },
  Thumbprint: { params: ['value'], doc: 'The thumbprint of a key (used by device rules).' },
  CertExtensionOids: CERT('The OIDs of the critical extensions of a certificate.'),
  CertFormat: CERT('The format name of an X.509v3 certificate.'),
  CertFriendlyName: CERT('The friendly name (alias) of a certificate.'),
  CertHashString: CERT('The SHA-1 hash of a certificate as a hexadecimal string.'),
  CertIssuer: CERT('The name of the certification authority that issued the certificate.'),
  CertIssuerDN: CERT('The distinguished name of the certificate issuer.'),
  CertIssuerOid: CERT('The OID of the certificate issuer.'),
  CertKeyAlgorithm: CERT('The key algorithm of a certificate.'),
  CertKeyAlgorithmParams: CERT('The key algorithm parameters of a certificate, in hexadecimal.'),
  CertNameInfo: {
    params: ['certificateRawData', 'x509NameType', 'includesIssuerName'],
    doc: 'The subject or issuer name of a certificate, of the given X509NameType.',
  },
  CertNotAfter: CERT('The date after which a certificate is no longer valid.'),
  CertNotBefore: CERT('The date from which a certificate is valid.'),
  CertPublicKeyOid: CERT('The OID of the public key of a certificate.'),
  CertPublicKeyParametersOid: CERT('The OID of the public key parameters of a certificate.'),
  CertSerialNumber: CERT('The serial number of a certificate.'),
  CertSignatureAlgorithmOid: CERT('The OID of the signature algorithm of a certificate.'),
  CertSubject: CERT('The subject distinguished name of a certificate.'),
  CertSubjectNameDN: CERT('The subject distinguished name of a certificate.'),
  CertSubjectNameOid: CERT('The OID of the subject name of a certificate.'),
  CertThumbprint: CERT('The thumbprint of a certificate.'),
  CertVersion: CERT('The X.509 format version of a certificate.'),
  IsCert: CERT('True when the bytes are a certificate (DER or Base64).'),
};

const TYPE_NAMES: Readonly<Record<string, string>> = { variable: 'variable', func: 'func' };

/** `str Left(str string, num NumChars)`; optional parameters in brackets. */
function printSignature(name: string, s: Signature, names: readonly string[]): string {
  const params = s.params.map((type, i) => {
    const text = `${TYPE_NAMES[type] ?? type} ${names[i] ?? `arg${i + 1}`}`;
    return s.required !== undefined && i >= s.required ? `[${text}]` : text;
  });
  if (s.repeat) params.push(`[${s.repeat.join(', ')} …]`);
  return `${s.returns} ${name}(${params.join(', ')})`;
}

/** What the editor shows for one function. */
export interface FunctionHelp {
  name: string;
  /** Every signature the checker accepts, e.g. `str Left(str string, num NumChars)`. */
  signatures: string[];
  doc: string;
  example?: string;
  /** Parameter names, for snippets. */
  params: string[];
}

/**
 * Documentation of one function (names are case-sensitive), or undefined for an unknown name.
 *
 * @example
 * functionHelp('Left')?.signatures; // ['str Left(str string, num NumChars)', 'bin Left(bin string, num NumChars)']
 */
export function functionHelp(name: string): FunctionHelp | undefined {
  const def = getFunction(name);
  if (!def) return undefined;
  const d = DOCS[name];
  const params = [...(d?.params ?? [])];
  return {
    name,
    signatures: def.signatures.map((s) => printSignature(name, s, params)),
    doc: d?.doc ?? '',
    ...(d?.example ? { example: d.example } : {}),
    params,
  };
}

/**
 * Documentation of every function, by name.
 *
 * @example
 * allFunctionHelp().find((f) => f.name === 'IIF')?.doc; // 'Returns one of two values …'
 */
export function allFunctionHelp(): FunctionHelp[] {
  return functionNames()
    .sort((a, b) => a.localeCompare(b))
    .map((n) => functionHelp(n))
    .filter((h): h is FunctionHelp => h !== undefined);
}
