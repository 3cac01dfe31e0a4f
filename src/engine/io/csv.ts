/**
 * CSV import into a forest, in the two shapes administrators have at hand:
 * - `csvde -f out.csv`: a `DN` column, LDAP display names, multi-valued values joined with `;`,
 *   binary values as `X'hex'`;
 * - `Get-ADUser … | Export-Csv`: an optional `#TYPE` line, a `DistinguishedName` column,
 *   PowerShell property names (`Surname`, `EmailAddress`, `SID`, `Enabled` …), GUIDs and SIDs as
 *   strings, multi-valued properties joined with `;` by the exporter.
 * The result is every object, or every error with its line and column, never part of the file.
 */
import type { AttributeBag } from '../expr/values.ts';
import { AD_OBJECT_CLASSES } from './attribute-syntax.ts';
import { hexToBytes } from './binary.ts';
import type { ForestObject } from './scenario.ts';
import {
  DnRegistry,
  MAX_IMPORT_ERRORS,
  decodeRawValues,
  prepareImportText,
  structuralClass,
  type ImportError,
  type ImportOptions,
  type ImportResult,
  type RawValue,
} from './text-values.ts';

interface Cell {
  text: string;
  line: number;
  column: number;
}

type RowsResult = { ok: true; rows: Cell[][] } | { ok: false; error: ImportError };

/** RFC 4180 tokenizer: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF. */
function readRows(text: string): RowsResult {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  for (;;) {
    const startLine = line;
    const startColumn = i - lineStart + 1;
    let value = '';
    if (text.charCodeAt(i) === 34) {
      // Quoted field.
      i++;
      for (;;) {
        if (i >= n) {
          return {
            ok: false,
            error: {
              line: startLine,
              column: startColumn,
              message: 'a quoted value is never closed',
            },
          };
        }
        const c = text.charAt(i);
        if (c === '"') {
          if (text.charAt(i + 1) === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += c;
        i++;
      }
      const next = text.charAt(i);
      if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
        return {
          ok: false,
          error: {
            line,
            column: i - lineStart + 1,
            message: 'text after a closing quote; expected "," or the end of the line',
          },
        };
      }
    } else {
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 44 || c === 10 || c === 13) break;
        if (c === 34) {
          return {
            ok: false,
            error: {
              line,
              column: i - lineStart + 1,
              message:
                'a quote inside an unquoted value; quote the whole value and double the quote ("")',
            },
          };
        }
        i++;
      }
      value = text.slice(start, i);
    }
    row.push({ text: value, line: startLine, column: startColumn });
    if (i >= n) {
      rows.push(row);
      return { ok: true, rows };
    }
    const c = text.charAt(i);
    if (c === ',') {
      i++;
      continue;
    }
    // End of line (LF or CRLF).
    i += c === '\r' && text.charAt(i + 1) === '\n' ? 2 : 1;
    line++;
    lineStart = i;
    rows.push(row);
    row = [];
    if (i >= n) return { ok: true, rows };
  }
}

/** PowerShell AD module property names that are other LDAP attributes. */
const POWERSHELL_NAMES: Record<string, string> = {
  sid: 'objectSid',
  surname: 'sn',
  emailaddress: 'mail',
  officephone: 'telephoneNumber',
  mobilephone: 'mobile',
  city: 'l',
  state: 'st',
  country: 'c',
  office: 'physicalDeliveryOfficeName',
  fax: 'facsimileTelephoneNumber',
  pobox: 'postOfficeBox',
  organization: 'o',
  homepage: 'wWWHomePage',
  members: 'member',
};

/**
 * Columns that are not directory attributes: PowerShell's computed properties and AD's
 * constructed or back-link attributes, which AD derives itself.
 */
const SKIPPED_COLUMNS = new Set(
  [
    'PropertyNames',
    'AddedProperties',
    'RemovedProperties',
    'ModifiedProperties',
    'PropertyCount',
    'CannotChangePassword',
    'PasswordNeverExpires',
    'PasswordNotRequired',
    'PasswordExpired',
    'PasswordLastSet',
    'LockedOut',
    'LastLogonDate',
    'LastBadPasswordAttempt',
    'Created',
    'Modified',
    'Deleted',
    'ProtectedFromAccidentalDeletion',
    'AccountExpirationDate',
    'AccountLockoutTime',
    'AllowReversiblePasswordEncryption',
    'BadLogonCount',
    'DoesNotRequirePreAuth',
    'HomedirRequired',
    'MNSLogonAccount',
    'SmartcardLogonRequired',
    'TrustedForDelegation',
    'TrustedToAuthForDelegation',
    'UseDESKeyOnly',
    'KerberosEncryptionType',
    'PrincipalsAllowedToDelegateToAccount',
    'memberOf',
    'directReports',
    'whenCreated',
    'whenChanged',
    'uSNCreated',
    'uSNChanged',
  ].map((c) => c.toLowerCase()),
);

/** Exporters write these instead of the values of a multi-valued or binary property. */
const TYPE_PLACEHOLDER_RE =
  /^(Microsoft\.ActiveDirectory\.Management\.\w+|System\.(Byte|Object|String)\[\])$/;

const GROUP_SCOPE: Record<string, number> = { global: 0x2, domainlocal: 0x4, universal: 0x8 };
const SECURITY_ENABLED = -0x80000000;

interface Column {
  /** Index in the row. */
  index: number;
  header: Cell;
  /** LDAP display name, or a role the reader handles itself. */
  target: string | { role: 'dn' | 'objectClass' | 'enabled' | 'groupCategory' | 'groupScope' };
}

function classifyColumn(header: Cell, index: number): Column | null {
  const name = header.text.trim();
  const lower = name.toLowerCase();
  if (lower === 'dn' || lower === 'distinguishedname')
    return { index, header, target: { role: 'dn' } };
  if (lower === 'objectclass') return { index, header, target: { role: 'objectClass' } };
  if (lower === 'enabled') return { index, header, target: { role: 'enabled' } };
  if (lower === 'groupcategory') return { index, header, target: { role: 'groupCategory' } };
  if (lower === 'groupscope') return { index, header, target: { role: 'groupScope' } };
  if (SKIPPED_COLUMNS.has(lower)) return null;
  return { index, header, target: POWERSHELL_NAMES[lower] ?? name };
}

/** csvde writes binary values as X'0a1b…'. */
function rawValue(text: string): RawValue {
  const m = /^X'([0-9a-fA-F]*)'$/.exec(text);
  if (m) return hexToBytes(m[1] ?? '') ?? text;
  return text;
}

/**
 * Reads CSV (csvde or Export-Csv shape) into forest objects.
 *
 * @example
 * parseCsv('DN,objectClass,sAMAccountName,proxyAddresses\n"CN=Ann,DC=contoso,DC=com",user,ann,SMTP:ann@contoso.com;smtp:a@contoso.com\n')
 * // { ok: true, objects: [{ dn: 'CN=Ann,DC=contoso,DC=com', objectClass: 'user',
 * //   attributes: { sAMAccountName: 'ann', proxyAddresses: ['SMTP:ann@contoso.com', 'smtp:a@contoso.com'] } }] }
 */
export function parseCsv(text: string, options: ImportOptions = {}): ImportResult {
  const fail = (line: number, column: number, message: string): ImportResult => ({
    ok: false,
    errors: [{ line, column, message }],
  });
  const prepared = prepareImportText(text);
  if (!prepared.ok) return { ok: false, errors: [prepared.error] };
  let body = prepared.body;
  // Export-Csv without -NoTypeInformation starts with "#TYPE <type name>".
  let lineOffset = 0;
  if (body.startsWith('#TYPE')) {
    const nl = body.indexOf('\n');
    body = nl < 0 ? '' : body.slice(nl + 1);
    lineOffset = 1;
  }
  const parsed = readRows(body);
  if (!parsed.ok)
    return fail(parsed.error.line + lineOffset, parsed.error.column, parsed.error.message);
  const rows = parsed.rows
    .map((r) => r.map((c) => ({ ...c, line: c.line + lineOffset })))
    .filter((r) => !(r.length === 1 && r[0]?.text === ''));
  const header = rows[0];
  if (header === undefined) return fail(1, 1, 'the file holds no header row');
  const columns = header.map((h, i) => classifyColumn(h, i)).filter((c): c is Column => c !== null);
  const dnColumn = columns.find((c) => typeof c.target !== 'string' && c.target.role === 'dn');
  const classColumn = columns.find(
    (c) => typeof c.target !== 'string' && c.target.role === 'objectClass',
  );
  const headerLine = header[0]?.line ?? 1;
  if (dnColumn === undefined) {
    const hint =
      header.length === 1 && (header[0]?.text ?? '').includes(';')
        ? ' (is the file separated by ";"? export with a comma)'
        : '';
    return fail(
      headerLine,
      1,
      `no DN column: the header needs "DN" (csvde) or "DistinguishedName" (Export-Csv)${hint}`,
    );
  }
  if (classColumn === undefined) return fail(headerLine, 1, 'no objectClass column');
  const seenNames = new Map<string, Cell>();
  for (const c of columns) {
    const key = typeof c.target === 'string' ? c.target.toLowerCase() : c.target.role;
    const earlier = seenNames.get(key);
    if (earlier !== undefined) {
      return fail(
        c.header.line,
        c.header.column,
        `column "${c.header.text}" repeats column "${earlier.text}"`,
      );
    }
    seenNames.set(key, c.header);
  }

  const errors: ImportError[] = [];
  const objects: ForestObject[] = [];
  const registry = new DnRegistry(options);
  for (let r = 1; r < rows.length && errors.length < MAX_IMPORT_ERRORS; r++) {
    const row = rows[r] ?? [];
    const first = row[0] ?? { line: headerLine, column: 1, text: '' };
    if (row.length !== header.length) {
      errors.push({
        line: first.line,
        column: 1,
        message: `this row has ${row.length} values; the header has ${header.length}`,
      });
      continue;
    }
    const obj = readRow(row, columns, dnColumn, classColumn, registry, errors);
    if (obj !== null) objects.push(obj);
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_IMPORT_ERRORS) };
  if (objects.length === 0) return fail(headerLine + 1, 1, 'the file holds no objects');
  return { ok: true, objects };
}

function readRow(
  row: Cell[],
  columns: Column[],
  dnColumn: Column,
  classColumn: Column,
  registry: DnRegistry,
  errors: ImportError[],
): ForestObject | null {
  const before = errors.length;
  const at = (c: Column): Cell => row[c.index] ?? { text: '', line: 0, column: 0 };
  const dnCell = at(dnColumn);
  const dn = dnCell.text.trim();
  const dnProblem = dn === '' ? 'the DN is empty' : registry.check(dn, dnCell.line);
  if (dnProblem !== null)
    errors.push({ line: dnCell.line, column: dnCell.column, message: dnProblem });
  const classCell = at(classColumn);
  const classes = classCell.text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const objectClass = structuralClass(classes);
  if (objectClass === undefined) {
    errors.push({
      line: classCell.line,
      column: classCell.column,
      message:
        classes.length === 0
          ? 'the objectClass is empty'
          : `unknown object class ${classes.map((v) => `"${v}"`).join(', ')}; expected one of ${AD_OBJECT_CLASSES.join(', ')}`,
    });
  }
  const attributes: AttributeBag = {};
  let enabled: boolean | undefined;
  let category: string | undefined;
  let scope: string | undefined;
  for (const c of columns) {
    const cell = at(c);
    const text = cell.text;
    if (text === '' || c === dnColumn || c === classColumn) continue;
    if (TYPE_PLACEHOLDER_RE.test(text.trim())) {
      errors.push({
        line: cell.line,
        column: cell.column,
        message: `"${text.trim()}" is a type name, not values: export the property joined with ";" (for example @{n='${c.header.text}';e={$_.${c.header.text} -join ';'}})`,
      });
      continue;
    }
    if (typeof c.target !== 'string') {
      const v = text.trim();
      if (c.target.role === 'enabled') {
        if (!/^(true|false)$/i.test(v)) {
          errors.push({
            line: cell.line,
            column: cell.column,
            message: `Enabled must be True or False, not "${v}"`,
          });
        } else enabled = v.toLowerCase() === 'true';
      } else if (c.target.role === 'groupCategory') category = v.toLowerCase();
      else if (c.target.role === 'groupScope') scope = v.toLowerCase();
      continue;
    }
    const values = text
      .split(';')
      .filter((v) => v !== '')
      .map(rawValue);
    const r = decodeRawValues(c.target, values);
    if (!r.ok) {
      errors.push({ line: cell.line, column: cell.column, message: r.message });
      continue;
    }
    attributes[r.name] = r.value;
  }
  // Export-Csv has Enabled, GroupCategory and GroupScope instead of the flags they come from.
  if (
    enabled !== undefined &&
    attributes.userAccountControl === undefined &&
    (objectClass === 'user' || objectClass === 'inetOrgPerson' || objectClass === 'computer')
  ) {
    attributes.userAccountControl = (objectClass === 'computer' ? 4096 : 512) | (enabled ? 0 : 2);
  }
  if (
    objectClass === 'group' &&
    attributes.groupType === undefined &&
    (category !== undefined || scope !== undefined)
  ) {
    const scopeBit = GROUP_SCOPE[scope ?? 'global'];
    if (
      scopeBit === undefined ||
      (category !== undefined && category !== 'security' && category !== 'distribution')
    ) {
      const cell = at(
        columns.find(
          (c) =>
            typeof c.target !== 'string' &&
            c.target.role === (scopeBit === undefined ? 'groupScope' : 'groupCategory'),
        ) ?? dnColumn,
      );
      errors.push({
        line: cell.line,
        column: cell.column,
        message: `GroupScope must be Global, DomainLocal or Universal and GroupCategory Security or Distribution`,
      });
    } else {
      attributes.groupType = scopeBit | (category === 'distribution' ? 0 : SECURITY_ENABLED);
    }
  }
  if (errors.length > before || objectClass === undefined) return null;
  return { dn, objectClass, attributes };
}
