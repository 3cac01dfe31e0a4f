/**
 * The function library of Entra Connect Sync's expression language, by name (case-sensitive).
 */
import { certificateFunctions } from './certificate.ts';
import { conversionFunctions } from './conversion.ts';
import { dateFunctions } from './date.ts';
import { dnFunctions } from './dn.ts';
import { flowFunctions } from './flow.ts';
import { inspectionFunctions } from './inspection.ts';
import { mathFunctions } from './math.ts';
import { multiValuedFunctions } from './multivalued.ts';
import { stringFunctions } from './string.ts';
import { syncFunctions } from './sync.ts';
import type { FunctionDef } from './types.ts';

const ALL: readonly FunctionDef[] = [
  ...flowFunctions,
  ...inspectionFunctions,
  ...conversionFunctions,
  ...stringFunctions,
  ...multiValuedFunctions,
  ...mathFunctions,
  ...dateFunctions,
  ...dnFunctions,
  ...syncFunctions,
  ...certificateFunctions,
];

const BY_NAME: ReadonlyMap<string, FunctionDef> = new Map(ALL.map((f) => [f.name, f]));

/** The function called exactly `name`, or undefined (names are case-sensitive). */
export function getFunction(name: string): FunctionDef | undefined {
  return BY_NAME.get(name);
}

/** Every function name, for completion and suggestions. */
export function functionNames(): string[] {
  return [...BY_NAME.keys()];
}

/**
 * Functions of the cloud-provisioning (app provisioning / cloud sync) expression language that do
 * not exist in Entra Connect Sync.
 */
export const CLOUD_PROVISIONING_FUNCTIONS: ReadonlySet<string> = new Set([
  'Append',
  'AppRoleAssignmentsComplex',
  'Coalesce',
  'DateDiff',
  'IgnoreFlowIfNullOrEmpty',
  'NormalizeDiacritics',
  'Not',
  'RandomString',
  'Redact',
  'RegexReplace',
  'SelectUniqueValue',
  'SingleAppRoleAssignment',
  'StripSpaces',
  'ToLower',
  'ToUpper',
]);

export type { FunctionDef } from './types.ts';
