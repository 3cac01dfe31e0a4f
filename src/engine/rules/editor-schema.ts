/**
 * The schemas a rule's fields refer to: which attributes a rule reads (its source) and writes (its
 * target), which object types each side has, and how a typed-in text becomes a value of an
 * attribute's syntax. The rules editor's attribute pickers, completion and Test panel use these.
 */
import type { AttributeType, ExprSchema } from '../expr/schema.ts';
import { DateTime, Ref, type Scalar } from '../expr/values.ts';
import { AAD_OBJECT_TYPES } from '../defaults/schema-aad.ts';
import { MV_OBJECT_TYPES } from '../defaults/schema-mv.ts';
import { expressionSchema, type SchemaKind } from '../defaults/schema-for.ts';
import {
  AD_ATTRIBUTES as AD_SYNTAX,
  AD_OBJECT_CLASSES,
  TENANT_ATTRIBUTES,
  lookupAttribute,
} from '../io/attribute-syntax.ts';
import { base64ToBytes, guidToBytes, hexToBytes, sidToBytes } from '../io/binary.ts';
import { isoToDateTime } from '../io/json-values.ts';
import type { Direction } from './model.ts';

export type { SchemaKind };

/** The kind of connector a rule belongs to. */
export type ConnectorKind = 'ad' | 'aad';

/**
 * The connector kind from its name, as the wizard names the Entra ID connector
 * (`<initialDomain> - AAD`); every other connector is an AD forest.
 *
 * @example
 * connectorKindOf('contoso.onmicrosoft.com - AAD'); // 'aad'
 */
export function connectorKindOf(name: string): ConnectorKind {
  return / - AAD$/i.test(name.trim()) ? 'aad' : 'ad';
}

/**
 * Where a rule reads (`source`) and writes (`target`): inbound rules read the connector space and
 * write the metaverse; outbound rules the reverse.
 *
 * @example
 * ruleSides('Inbound', 'ad'); // { source: 'ad', target: 'mv' }
 */
export function ruleSides(
  direction: Direction,
  connector: ConnectorKind,
): { source: SchemaKind; target: SchemaKind } {
  return direction === 'Inbound'
    ? { source: connector, target: 'mv' }
    : { source: 'mv', target: connector };
}

/**
 * The object types of one side, sorted.
 *
 * @example
 * objectTypesOf('mv'); // ['device', 'group', 'person']
 */
export function objectTypesOf(kind: SchemaKind): string[] {
  const names =
    kind === 'ad'
      ? AD_OBJECT_CLASSES
      : Object.keys(kind === 'aad' ? AAD_OBJECT_TYPES : MV_OBJECT_TYPES);
  return [...names].sort((a, b) => a.localeCompare(b));
}

export interface AttributeInfo extends AttributeType {
  name: string;
}

/**
 * The attributes of an object type (every attribute of the side when the type is unknown or `*`),
 * sorted by name.
 *
 * @example
 * attributesOf('mv', 'person').find((a) => a.name === 'proxyAddresses'); // { name, syntax: 'str', multi: true }
 */
export function attributesOf(kind: SchemaKind, objectType?: string): AttributeInfo[] {
  const schema = schemaOf(kind, objectType);
  return [...schema.attributes]
    .map(([name, t]) => ({ name, ...t }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The expression-checking schema of a side and object type (the whole side for `*` or unknown). */
export function schemaOf(kind: SchemaKind, objectType?: string): ExprSchema {
  const known = objectType !== undefined && objectType !== '*' && objectType !== '';
  const typed = expressionSchema(kind, known ? objectType : undefined);
  return typed.attributes.size > 0 ? typed : expressionSchema(kind);
}

export type TextValueResult = { ok: true; value: Scalar } | { ok: false; message: string };

/**
 * Converts one typed-in text to a value of the attribute's syntax: numbers for `num`, `True` /
 * `False` for `bool`, a DN for `ref`, an ISO date for `dt`, and for binary a GUID, SID, `0x` hex
 * or Base64 text (GUID and SID forms where the directory's attribute table says so).
 *
 * @example
 * valueFromText('512', { syntax: 'num', multi: false }); // { ok: true, value: 512 }
 * valueFromText('5b973110-6382-4a80-bbf8-6bb21c1bb741', { syntax: 'bin', multi: false }, 'objectGUID');
 * // { ok: true, value: Uint8Array(16) [...] }
 */
export function valueFromText(
  text: string,
  type: AttributeType | undefined,
  attribute?: string,
): TextValueResult {
  switch (type?.syntax ?? 'str') {
    case 'str':
      return { ok: true, value: text };
    case 'num': {
      const t = text.trim();
      if (!/^-?\d+$/.test(t)) return { ok: false, message: `'${text}' is not an integer.` };
      const big = BigInt(t);
      return { ok: true, value: Number.isSafeInteger(Number(big)) ? Number(big) : big };
    }
    case 'bool':
      if (/^true$/i.test(text.trim())) return { ok: true, value: true };
      if (/^false$/i.test(text.trim())) return { ok: true, value: false };
      return { ok: false, message: `'${text}' is not True or False.` };
    case 'ref':
      return { ok: true, value: new Ref(text.trim()) };
    case 'dt': {
      const d = isoToDateTime(text.trim());
      return d instanceof DateTime
        ? { ok: true, value: d }
        : { ok: false, message: `'${text}' is not an ISO date such as 2024-05-01T10:00:00Z.` };
    }
    case 'bin': {
      const t = text.trim();
      const known = attribute
        ? (lookupAttribute(AD_SYNTAX, attribute) ?? lookupAttribute(TENANT_ATTRIBUTES, attribute))
        : undefined;
      const bytes =
        (known?.syntax.kind === 'sid' || /^S-1-/i.test(t) ? sidToBytes(t) : null) ??
        (/^\{?[0-9a-f]{8}-/i.test(t) ? guidToBytes(t) : null) ??
        (/^0x[0-9a-f]*$/i.test(t) ? hexToBytes(t.slice(2)) : null) ??
        base64ToBytes(t);
      return bytes
        ? { ok: true, value: bytes }
        : { ok: false, message: `'${text}' is not a GUID, SID, 0x hex or Base64 value.` };
    }
  }
}
