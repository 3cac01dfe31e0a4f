/**
 * Functions the default rules use but the reference omits: ImportedValue and ValueCount (both take
 * the attribute name as a quoted string).
 */
import { asList, asString, readAttribute } from '../runtime.ts';
import { sig, type FunctionDef } from './types.ts';

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
];
