/**
 * Functions the default rules use but the reference omits: ImportedValue and ValueCount (both take
 * the attribute name as a quoted string) and Thumbprint (device-key flows).
 */
import { sha256 } from '../hash.ts';
import { asBinary, asList, asString, readAttribute } from '../runtime.ts';
import { perValue, sig, type FunctionDef } from './types.ts';

export const syncFunctions: FunctionDef[] = [
  {
    name: 'ImportedValue',
    kind: 'strict',
    signatures: [sig('var', 'str')],
    lift: [],
    impl([name], ctx) {
      if (name == null) return null;
      return readAttribute(
        ctx.importedAttributes ?? ctx.attributes,
        asString(name, 'ImportedValue'),
      );
    },
  },
  {
    name: 'ValueCount',
    kind: 'strict',
    signatures: [sig('num', 'str')],
    lift: [],
    impl([name], ctx) {
      if (name == null) return 0;
      return asList(readAttribute(ctx.attributes, asString(name, 'ValueCount'))).length;
    },
  },
  // The NGC key flows prefix a key with Thumbprint(key) and its length: the key identifier of a
  // Windows Hello for Business key credential is the SHA-256 of the key material. [inferred]
  perValue('Thumbprint', [sig('bin', 'bin')], (v) => sha256(asBinary(v, 'Thumbprint'))),
];
