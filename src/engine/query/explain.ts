/**
 * Plain-word answers to the two questions admins ask the Metaverse browser, each naming the clause
 * that decides: "Why is this object not in Entra ID?" (the outbound rule's scoping clause that
 * failed, and why the attribute it reads has that value; or the export error that stopped it) and
 * "Why is this connector-space object not joined?" (the inbound rules out of scope, or the join
 * group that found zero or several metaverse objects).
 */
import { evaluateExpression, parseExpression, type ExprNode } from '../expr/index.ts';
import { Ref, type AttributeBag } from '../expr/values.ts';
import type { CompiledRule } from '../rules/compiled.ts';
import type { ScopeCondition } from '../rules/model.ts';
import { evaluateCondition, substituteParameters, type ScopeContext } from '../rules/scoping.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { CsObject, MvObject } from '../sync/model.ts';
import { displayValue, joinKey, valuesOf } from '../sync/value-keys.ts';

/** One scoping clause that does not hold, with the value it read. */
export interface FailedClause {
  group: number;
  clause: ScopeCondition;
  /** The value the clause read, as text ("(absent)" when the attribute has none). */
  actual: string;
  /** The clause in words: `cloudFiltered NOTEQUAL True fails: cloudFiltered is True`. */
  text: string;
}

/** Why a rule is or is not in scope: for each OR group, the first clause that fails. */
export interface ScopeVerdict {
  ruleName: string;
  precedence: number;
  inScope: boolean;
  /** One entry per failing group (empty when in scope). */
  failed: FailedClause[];
}

export interface Explanation {
  /** The answer to the question is "it is" (in Entra ID / joined). */
  fine: boolean;
  /** One sentence. */
  summary: string;
  /** The deciding clause and what lies behind it, each in plain words. */
  details: string[];
  /** The rules looked at, with the clause that decided for each. */
  rules: ScopeVerdict[];
}

// ------------------------------------------------------------------------------ scoping

function clauseText(c: ScopeCondition, ctx: ScopeContext): { actual: string; text: string } {
  const v = ctx.attributes[c.attribute];
  const actual = v === undefined ? '(absent)' : displayValue(v);
  const value = substituteParameters(c.value, ctx.parameters);
  const shown = c.operator === 'ISNULL' || c.operator === 'ISNOTNULL' ? '' : ` ${value}`;
  const is = v === undefined ? 'is not present' : `is ${actual}`;
  return { actual, text: `${c.attribute} ${c.operator}${shown} fails: ${c.attribute} ${is}` };
}

/**
 * Evaluates a scoping filter clause by clause: in scope when one group has no failing clause; for
 * each group that fails, its first failing clause.
 *
 * @example
 * scopeVerdict('Out to AAD - User Join', 100, [[{ attribute: 'cloudFiltered', operator: 'NOTEQUAL', value: 'True' }]],
 *   { attributes: { cloudFiltered: true } })
 * // { inScope: false, failed: [{ group: 0, text: 'cloudFiltered NOTEQUAL True fails: cloudFiltered is True', ... }] }
 */
export function scopeVerdict(
  ruleName: string,
  precedence: number,
  filter: readonly ScopeCondition[][],
  ctx: ScopeContext,
): ScopeVerdict {
  if (filter.length === 0) return { ruleName, precedence, inScope: true, failed: [] };
  const failed: FailedClause[] = [];
  for (let g = 0; g < filter.length; g++) {
    const bad = (filter[g] ?? []).find((c) => !evaluateCondition(c, ctx));
    if (!bad) return { ruleName, precedence, inScope: true, failed: [] };
    failed.push({ group: g, clause: bad, ...clauseText(bad, ctx) });
  }
  return { ruleName, precedence, inScope: false, failed };
}

/**
 * The attributes inbound rules see for a connector-space object at its next synchronization: the
 * pending import's values when there is one, with exported values not yet confirmed.
 */
export function csEvalAttributes(cs: CsObject): AttributeBag {
  const held = cs.pendingImport?.attributes ?? cs.attributes;
  const base = cs.exportMemory ? { ...held, ...cs.exportMemory } : { ...held };
  if (base.dn === undefined) base.dn = cs.dn;
  return base;
}

/** The scoping context of an inbound rule for a connector-space object. */
export function csScopeContext(e: SyncEngine, cs: CsObject): ScopeContext {
  const dnOf = (dn: string) => dn.toLowerCase();
  return {
    attributes: csEvalAttributes(cs),
    parameters: e.parameters(cs.connector, cs.dn),
    isMemberOf: (groupDn) => {
      const gid = e.csIdByDn(cs.connector, groupDn);
      const g = gid ? e.cs.get(gid) : undefined;
      return valuesOf(g?.attributes.member).some(
        (m) => m instanceof Ref && dnOf(m.dn) === dnOf(cs.dn),
      );
    },
  };
}

function ruleVerdict(r: CompiledRule, ctx: ScopeContext): ScopeVerdict {
  return scopeVerdict(r.rule.name, r.rule.precedence, r.rule.scopingFilter, ctx);
}

// ------------------------------------------------------------------------------ expressions

function unparen(n: ExprNode): ExprNode {
  return n.kind === 'Paren' ? unparen(n.expression) : n;
}

function flatten(n: ExprNode, op: '||' | '&&', out: ExprNode[] = []): ExprNode[] {
  const u = unparen(n);
  if (u.kind === 'Binary' && u.op === op) {
    flatten(u.left, op, out);
    flatten(u.right, op, out);
  } else out.push(u);
  return out;
}

function attributesOf(n: ExprNode, out = new Set<string>()): Set<string> {
  if (n.kind === 'Attribute') out.add(n.name);
  else if (n.kind === 'Paren') attributesOf(n.expression, out);
  else if (n.kind === 'Binary') {
    attributesOf(n.left, out);
    attributesOf(n.right, out);
  } else if (n.kind === 'Call') for (const a of n.args) attributesOf(a, out);
  return out;
}

/**
 * The part of an expression that decided its value on one object: for `IIF(a || b || c, x, y)`,
 * the first of a, b, c that is True (or, when the condition is False, the condition itself), with
 * the values of the attributes it reads. Undefined when the expression is not of that shape.
 *
 * @example
 * decidingPart('IIF(IsPresent([isCriticalSystemObject]) || Left([sAMAccountName],4) = "AAD_", True, NULL)',
 *   { attributes: { isCriticalSystemObject: true, sAMAccountName: 'x' } })
 * // 'IsPresent([isCriticalSystemObject]) is True (isCriticalSystemObject = True)'
 */
export function decidingPart(
  expression: string,
  ctx: { attributes: AttributeBag; parameters?: Record<string, string> },
): string | undefined {
  const parsed = parseExpression(expression);
  const root = parsed.ast ? unparen(parsed.ast) : undefined;
  if (!root || root.kind !== 'Call' || root.name !== 'IIF' || root.args.length !== 3) return;
  const cond = root.args[0] as ExprNode;
  const evalCtx = { attributes: ctx.attributes, parameters: ctx.parameters ?? {} };
  const whole = evaluateExpression(cond, evalCtx);
  if (!whole.ok) return;
  const reads = (n: ExprNode) => {
    const names = [...attributesOf(n)];
    if (names.length === 0) return '';
    return ` (${names
      .map((a) => {
        const v = ctx.attributes[a];
        return v === undefined ? `${a} is not present` : `${a} = ${displayValue(v)}`;
      })
      .join(', ')})`;
  };
  const textOf = (n: ExprNode) => expression.slice(n.start, n.end);
  if (whole.value === true) {
    for (const part of flatten(cond, '||')) {
      const r = evaluateExpression(part, evalCtx);
      if (r.ok && r.value === true) return `${textOf(part)} is True${reads(part)}`;
    }
  }
  const v = whole.value === true ? 'True' : whole.value === false ? 'False' : 'NULL';
  return `${textOf(cond)} is ${v}${reads(cond)}`;
}

/** Where a metaverse attribute's value came from, and the deciding part of its flow. */
function whyAttribute(e: SyncEngine, mv: MvObject, attribute: string): string[] {
  const p = e.provenance(mv.id)[attribute];
  const value = mv.attributes[attribute];
  if (!p) {
    return value === undefined
      ? [`No inbound rule contributes ${attribute}.`]
      : [`${attribute} = ${displayValue(value)} (no contributing rule is recorded).`];
  }
  const out = [
    `${attribute} = ${value === undefined ? '(absent)' : displayValue(value)} comes from '${p.ruleName}' (precedence ${p.precedence}) on ${p.connector}.`,
  ];
  const cs = e.cs.get(p.csId);
  const rule = e.rules.get(p.ruleId);
  const flow = rule?.transformations.find((t) => t.target === attribute);
  if (cs && flow?.flowType === 'Expression' && flow.expression) {
    const why = decidingPart(flow.expression, {
      attributes: csEvalAttributes(cs),
      parameters: e.parameters(cs.connector, cs.dn),
    });
    if (why) out.push(`${attribute} is ${displayValue(value)} because ${why} on ${cs.dn}.`);
  }
  return out;
}

// ------------------------------------------------------------------------------ Entra ID

/**
 * Why a metaverse object is (not) in Microsoft Entra ID: the Entra ID connector-space object and
 * its export state when there is one; otherwise the outbound provisioning rules to Entra ID and
 * the scoping clause that keeps each out, with where the value that fails comes from.
 *
 * @example
 * whyNotInEntra(engine, mvId).details[0]
 * // "'Out to AAD - User Join' does not take it in scope: cloudFiltered NOTEQUAL True fails: cloudFiltered is True"
 */
export function whyNotInEntra(e: SyncEngine, mvId: string): Explanation {
  const mv = e.mv.get(mvId);
  if (!mv)
    return { fine: false, summary: 'There is no such metaverse object.', details: [], rules: [] };
  const aad = e.connectors.find((c) => c.kind === 'AAD');
  if (!aad)
    return {
      fine: false,
      summary: 'This workspace has no Entra ID connector.',
      details: [],
      rules: [],
    };
  const ctx: ScopeContext = { attributes: mv.attributes, parameters: e.parameters(aad.name, '') };
  const rules = e.outboundRules(mv.objectType).filter((r) => r.rule.connector === aad.name);
  const verdicts = rules.map((r) => ruleVerdict(r, ctx));
  const cs = mv.connectors.map((id) => e.cs.get(id)).find((c) => c?.connector === aad.name);
  if (cs) return connectedToEntra(e, cs, verdicts);
  if (rules.length === 0) {
    return {
      fine: false,
      summary: `No outbound rule to ${aad.name} handles metaverse objects of type ${mv.objectType}.`,
      details: [],
      rules: [],
    };
  }
  const provisioning = rules.filter((r) => r.rule.linkType === 'Provision');
  const inScope = provisioning.filter((r) => verdicts[rules.indexOf(r)]?.inScope);
  if (provisioning.length === 0) {
    return {
      fine: false,
      summary: `No outbound rule to ${aad.name} provisions metaverse objects of type ${mv.objectType}; the rules there only join.`,
      details: [],
      rules: verdicts,
    };
  }
  if (inScope.length === 0) {
    const details: string[] = [];
    const explained = new Set<string>();
    for (const r of provisioning) {
      const v = verdicts[rules.indexOf(r)] as ScopeVerdict;
      for (const f of v.failed) {
        details.push(`'${r.rule.name}' does not take it in scope: ${f.text}.`);
        if (!explained.has(f.clause.attribute)) {
          explained.add(f.clause.attribute);
          details.push(...whyAttribute(e, mv, f.clause.attribute));
        }
      }
    }
    const first = provisioning[0] as CompiledRule;
    const firstFail = verdicts[rules.indexOf(first)]?.failed[0];
    return {
      fine: false,
      summary: `Not in Entra ID: the provisioning rule '${first.rule.name}' does not take it in scope${firstFail ? ` (${firstFail.clause.attribute} ${firstFail.clause.operator}${firstFail.clause.operator.startsWith('IS') && firstFail.clause.operator.endsWith('NULL') ? '' : ' ' + firstFail.clause.value} fails)` : ''}.`,
      details,
      rules: verdicts,
    };
  }
  const details: string[] = [];
  if (e.retryProvisioning.has(mvId))
    details.push('Provisioning failed at the last synchronization and is retried at the next one.');
  for (const id of mv.connectors) {
    const c = e.cs.get(id);
    if (c?.syncError)
      details.push(`${c.connector} ${c.dn}: ${c.syncError.type}: ${c.syncError.message}`);
  }
  return {
    fine: false,
    summary: `'${(inScope[0] as CompiledRule).rule.name}' takes it in scope, but no Entra ID connector-space object exists yet: run a synchronization to provision it.`,
    details,
    rules: verdicts,
  };
}

function connectedToEntra(e: SyncEngine, cs: CsObject, verdicts: ScopeVerdict[]): Explanation {
  const how = cs.link ? ` by '${cs.link.ruleName}'` : '';
  if (cs.exportError) {
    return {
      fine: false,
      summary: `The export to Entra ID failed: ${cs.exportError.type}.`,
      details: [cs.exportError.message, `Connector-space object: ${cs.dn}${how}.`],
      rules: verdicts,
    };
  }
  if (cs.pendingExport?.type === 'Add') {
    return {
      fine: false,
      summary:
        'It is provisioned to the Entra ID connector space and waits for the next Export run.',
      details: [`Pending export Add of ${cs.dn}${how}.`],
      rules: verdicts,
    };
  }
  if (cs.pendingExport?.type === 'Delete') {
    return {
      fine: false,
      summary: 'Its Entra ID object is being deleted: a Delete waits for the next Export run.',
      details: [`Pending export Delete of ${cs.dn}.`],
      rules: verdicts,
    };
  }
  const cloud =
    cs.anchor !== undefined ? e.tenant.objects().find((o) => o.id === cs.anchor) : undefined;
  const details = [`Connector-space object ${cs.dn}${how}.`];
  for (const p of cloud?.provisioningErrors ?? [])
    details.push(
      `Entra ID kept ${p.attribute} ${p.value} away from it (duplicate attribute resiliency): ${p.conflictsWith} holds it.`,
    );
  if (cloud) {
    return {
      fine: true,
      summary: `It is in Entra ID as ${cloud.objectType} ${displayValue(cloud.attributes.userPrincipalName ?? cloud.attributes.displayName ?? cloud.id)}.`,
      details,
      rules: verdicts,
    };
  }
  return {
    fine: cs.exportMemory !== undefined,
    summary:
      cs.exportMemory !== undefined
        ? 'It was exported to Entra ID; the next import from Entra ID confirms it.'
        : 'It is joined to an Entra ID connector-space object that is not (or no longer) in Entra ID.',
    details,
    rules: verdicts,
  };
}

// ------------------------------------------------------------------------------ joins

/** One join group of the rule in scope, and what it found. */
export interface JoinGroupResult {
  group: number;
  /** `mail = mail` for each condition. */
  conditions: string[];
  matches: string[];
}

/**
 * The metaverse objects each join group of an inbound rule finds for a connector-space object
 * (clauses ANDed; case per condition; only metaverse objects of the rule's target type).
 *
 * @example
 * joinGroups(engine, cs, rule) // [{ group: 1, conditions: ['mail = mail'], matches: ['mv1', 'mv2'] }]
 */
export function joinGroups(e: SyncEngine, cs: CsObject, r: CompiledRule): JoinGroupResult[] {
  const attributes = csEvalAttributes(cs);
  const type = r.rule.targetObjectType;
  return r.rule.joinRules.map((group, g) => {
    const conditions = group.map(
      (c) => `${c.source} = ${c.target}${c.caseSensitive ? ' (case-sensitive)' : ''}`,
    );
    const wanted = group.map(
      (c) => new Set(valuesOf(attributes[c.source]).map((v) => joinKey(v, c.caseSensitive))),
    );
    const matches: string[] = [];
    if (group.length > 0 && wanted.every((w) => w.size > 0)) {
      for (const mv of e.mv.values()) {
        if (type !== '*' && mv.objectType !== type) continue;
        const all = group.every((c, i) =>
          valuesOf(mv.attributes[c.target]).some((v) =>
            (wanted[i] as Set<string>).has(joinKey(v, c.caseSensitive)),
          ),
        );
        if (all) matches.push(mv.id);
      }
    }
    return { group: g + 1, conditions, matches };
  });
}

function joinedSummary(cs: CsObject): Explanation {
  const how = cs.link?.link ?? 'joined';
  return {
    fine: true,
    summary: `It is ${how} to metaverse object ${cs.mvId}${cs.link ? ` by '${cs.link.ruleName}'` : ''}.`,
    details: [],
    rules: [],
  };
}

/**
 * Why a connector-space object is (not) joined: its state, the inbound rules and the scoping
 * clause that keeps each out, several join rules in scope, or what each join group found.
 *
 * @example
 * whyNotJoined(engine, csId).details
 * // ["Join group 1 of 'In from AD - User Join' (mail = mail) found 2 metaverse objects: ...", ...]
 */
export function whyNotJoined(e: SyncEngine, csId: string): Explanation {
  const cs = e.cs.get(csId);
  if (!cs)
    return {
      fine: false,
      summary: 'There is no such connector-space object.',
      details: [],
      rules: [],
    };
  if (cs.mvId) return joinedSummary(cs);
  if (cs.state === 'placeholder' || cs.state === 'explicit-disconnector') {
    return {
      fine: false,
      summary: `It is ${cs.state === 'placeholder' ? 'a placeholder' : 'an explicit disconnector'}: synchronization does not join it.`,
      details: [],
      rules: [],
    };
  }
  const details: string[] = [];
  if (cs.pendingImport?.type === 'Add')
    details.push(
      'It was imported but not synchronized yet (pending import Add): run a synchronization.',
    );
  if (cs.syncError)
    details.push(`Synchronization error ${cs.syncError.type}: ${cs.syncError.message}`);
  const all = e.inboundRules(cs.connector, cs.objectType);
  if (all.length === 0) {
    return {
      fine: false,
      summary: `No enabled inbound rule on ${cs.connector} takes connector-space objects of type ${cs.objectType}.`,
      details,
      rules: [],
    };
  }
  const ctx = csScopeContext(e, cs);
  const verdicts = all.map((r) => ruleVerdict(r, ctx));
  const inScope = all.filter((_, i) => verdicts[i]?.inScope);
  const linkers = all.filter((r) => r.linkCapable);
  if (!inScope.some((r) => r.linkCapable)) {
    for (const r of linkers) {
      const v = verdicts[all.indexOf(r)] as ScopeVerdict;
      for (const f of v.failed)
        details.push(`'${r.rule.name}' does not take it in scope: ${f.text}.`);
    }
    return {
      fine: false,
      summary:
        linkers.length === 0
          ? 'No inbound rule that joins or projects exists for this object type; attributes flow only after another rule links it.'
          : 'No inbound rule that joins or projects takes it in scope, so it stays a disconnector.',
      details,
      rules: verdicts,
    };
  }
  const joiners = inScope.filter((r) => r.hasJoin);
  if (joiners.length > 1) {
    return {
      fine: false,
      summary: `More than one rule with join conditions is in scope (${joiners.map((r) => `'${r.rule.name}'`).join(', ')}): that is an error, precedence does not resolve it.`,
      details,
      rules: verdicts,
    };
  }
  const joiner = joiners[0];
  const projector =
    joiner?.rule.linkType === 'Provision'
      ? joiner
      : inScope.find((r) => r.rule.linkType === 'Provision');
  let exactlyOne: JoinGroupResult | undefined;
  if (joiner) {
    for (const g of joinGroups(e, cs, joiner)) {
      const n = g.matches.length;
      const found =
        n === 0
          ? 'found no metaverse object'
          : n === 1
            ? `found exactly one: ${g.matches[0]}`
            : `found ${n} metaverse objects (${g.matches.join(', ')}), so it does not join`;
      details.push(
        `Join group ${g.group} of '${joiner.rule.name}' (${g.conditions.join(' AND ')}) ${found}.`,
      );
      if (n === 1 && !exactlyOne) exactlyOne = g;
    }
  }
  if (exactlyOne) {
    const target = e.mv.get(exactlyOne.matches[0] as string);
    const clash = target?.connectors
      .map((id) => e.cs.get(id))
      .find((c) => c?.connector === cs.connector);
    return {
      fine: false,
      summary: clash
        ? `Join group ${exactlyOne.group} found one metaverse object, but it is already joined to ${clash.dn} in the same connector space (ambiguous).`
        : `Join group ${exactlyOne.group} finds one metaverse object now: the next synchronization joins it.`,
      details,
      rules: verdicts,
    };
  }
  if (projector) {
    const used = projector.rule.joinRules.flat().map((c) => c.source);
    const attributes = csEvalAttributes(cs);
    const noValue = projector.hasJoin && !used.some((a) => valuesOf(attributes[a]).length > 0);
    return {
      fine: false,
      summary: noValue
        ? `No join group found exactly one match, and it is not projected: no attribute the join conditions use (${[...new Set(used)].join(', ')}) has a value.`
        : `No join group found exactly one match; '${projector.rule.name}' projects it at the next synchronization.`,
      details,
      rules: verdicts,
    };
  }
  return {
    fine: false,
    summary: joiner
      ? `No join group of '${joiner.rule.name}' found exactly one match, and its link type ${joiner.rule.linkType} does not project: it stays a disconnector.`
      : 'No rule in scope joins or projects it.',
    details,
    rules: verdicts,
  };
}
