/**
 * Small scenario builders shared by the engine's tests (not used at run time).
 */
import { parseScenario, formatScenarioError, type Scenario } from '../io/scenario.ts';

export const AAD = 'contoso.onmicrosoft.com - AAD';

export interface MiniObject {
  dn: string;
  objectClass?: string;
  attributes: Record<string, unknown>;
}

let guidCounter = 0;
/** A GUID string for test objects. */
export function testGuid(n = ++guidCounter): string {
  const h = n.toString(16).padStart(12, '0');
  return `8f1c0a52-6f2e-4f53-9d2f-${h}`;
}

/** A user object with the attributes the test rules read. */
export function user(
  cn: string,
  extra: Record<string, unknown> = {},
  domain = 'DC=contoso,DC=com',
): MiniObject {
  return {
    dn: `CN=${cn},OU=Users,${domain}`,
    objectClass: 'user',
    attributes: {
      objectGUID: testGuid(),
      sAMAccountName: cn.toLowerCase(),
      displayName: cn,
      userAccountControl: 512,
      ...extra,
    },
  };
}

/** Inbound user projection + Entra provisioning: enough rules to exercise a full cycle. */
export function baseRules(forests: string[]): unknown[] {
  const rules: unknown[] = [];
  forests.forEach((f, i) => {
    rules.push({
      name: `In from AD - User Join (${f})`,
      direction: 'Inbound',
      connector: f,
      sourceObjectType: 'user',
      targetObjectType: 'person',
      linkType: 'Provision',
      precedence: 100 + i,
      scopingFilter: [
        [{ attribute: 'adminDescription', operator: 'NOTSTARTSWITH', value: 'User_' }],
      ],
      joinRules: [
        [{ source: 'employeeID', target: 'employeeID' }],
        [{ source: 'objectGUID', target: 'sourceAnchorBinary' }],
      ],
      transformations: [
        { target: 'employeeID', source: 'employeeID' },
        { target: 'sourceAnchorBinary', source: 'objectGUID' },
        { target: 'sourceAnchor', expression: 'ConvertToBase64([objectGUID])' },
        { target: 'sourceObjectType', value: 'User' },
      ],
    });
    rules.push({
      name: `In from AD - User Common (${f})`,
      direction: 'Inbound',
      connector: f,
      sourceObjectType: 'user',
      targetObjectType: 'person',
      precedence: 110 + i,
      transformations: [
        { target: 'displayName', source: 'displayName' },
        { target: 'mail', source: 'mail' },
        { target: 'department', source: 'department' },
        {
          target: 'accountEnabled',
          expression: 'IIF(BitAnd([userAccountControl],2)=0,True,False)',
        },
      ],
    });
  });
  rules.push({
    name: 'Out to AAD - User Join',
    direction: 'Outbound',
    connector: AAD,
    sourceObjectType: 'person',
    targetObjectType: 'user',
    linkType: 'Provision',
    precedence: 200,
    enablePasswordSync: true,
    scopingFilter: [
      [
        { attribute: 'sourceObjectType', operator: 'EQUAL', value: 'User' },
        { attribute: 'sourceAnchor', operator: 'ISNOTNULL' },
        { attribute: 'cloudFiltered', operator: 'NOTEQUAL', value: 'True' },
      ],
    ],
    joinRules: [[{ source: 'sourceAnchor', target: 'sourceAnchor', caseSensitive: true }]],
    transformations: [
      { target: 'dn', expression: '"CN={" & ConvertToUTF8Hex([sourceAnchor]) & "}"' },
      { target: 'sourceAnchor', source: 'sourceAnchor' },
      { target: 'displayName', source: 'displayName' },
      {
        target: 'userPrincipalName',
        expression: 'IIF(IsPresent([mail]),[mail],[sourceAnchor] & "@contoso.onmicrosoft.com")',
      },
      { target: 'mail', source: 'mail' },
      { target: 'accountEnabled', source: 'accountEnabled' },
    ],
  });
  rules.push({
    name: 'In from AAD - User Join',
    direction: 'Inbound',
    connector: AAD,
    sourceObjectType: 'user',
    targetObjectType: 'person',
    precedence: 300,
    scopingFilter: [[{ attribute: 'cloudMastered', operator: 'EQUAL', value: 'False' }]],
    joinRules: [[{ source: 'sourceAnchor', target: 'sourceAnchor', caseSensitive: true }]],
    transformations: [{ target: 'cloudSourceAnchor', expression: 'ImportedValue("sourceAnchor")' }],
  });
  return rules;
}

export interface ScenarioInput {
  forests: { name: string; objects: MiniObject[] }[];
  rules?: unknown[];
  extraRules?: unknown[];
  steps?: unknown[];
  tenantObjects?: unknown[];
  deletionThreshold?: number | null;
}

/** Builds and parses a scenario (throws with the parser's messages when it is invalid). */
export function scenario(input: ScenarioInput): Scenario {
  const doc = {
    synclab: 1,
    name: 'test',
    installation: { sourceAnchor: 'objectGUID', userMatching: 'none', passwordHashSync: true },
    tenant: {
      initialDomain: 'contoso.onmicrosoft.com',
      verifiedDomains: ['contoso.com', 'fabrikam.com'],
      objects: input.tenantObjects ?? [],
      ...(input.deletionThreshold !== undefined
        ? { deletionThreshold: input.deletionThreshold }
        : {}),
    },
    forests: input.forests.map((f) => ({
      name: f.name,
      netbios: f.name.split('.')[0]?.toUpperCase(),
      objects: f.objects.map((o) => ({
        dn: o.dn,
        objectClass: o.objectClass ?? 'user',
        attributes: o.attributes,
      })),
    })),
    rules: {
      defaults: false,
      custom: [
        ...(input.rules ?? baseRules(input.forests.map((f) => f.name))),
        ...(input.extraRules ?? []),
      ],
    },
    steps: input.steps ?? [{ cycle: 'initial' }],
  };
  const r = parseScenario(JSON.stringify(doc));
  if (!r.ok) throw new Error(r.errors.map((e) => formatScenarioError(e)).join('\n'));
  return r.scenario;
}
