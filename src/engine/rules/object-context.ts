/**
 * What a rule sees of one object, built from the engine's public surface: the attributes a
 * scoping filter and the flows read (the imported hologram with unconfirmed exports and `dn`), the
 * connector's `%parameters%`, and ISMEMBEROF within the object's connector space.
 */
import type { EvalContext } from '../expr/runtime.ts';
import { Ref } from '../expr/values.ts';
import { seededRandom, type SyncEngine } from '../sync/engine.ts';
import type { CsObject, MvObject } from '../sync/model.ts';
import { valuesOf } from '../sync/value-keys.ts';
import type { ScopeContext } from './scoping.ts';

/**
 * The scoping context of a connector-space object, as inbound synchronization builds it.
 *
 * @example
 * isInScope(rule.scopingFilter, csScopeContext(engine, cs))
 */
export function csScopeContext(engine: SyncEngine, cs: CsObject): ScopeContext {
  const attributes = engine.expressionContext(cs.id)?.attributes ?? cs.attributes;
  const me = cs.dn.toLowerCase();
  return {
    attributes,
    parameters: engine.parameters(cs.connector, cs.dn),
    isMemberOf: (groupDn) => {
      const gid = engine.csIdByDn(cs.connector, groupDn);
      const g = gid ? engine.cs.get(gid) : undefined;
      if (!g) return false;
      return valuesOf(g.attributes['member']).some(
        (m) => m instanceof Ref && m.dn.toLowerCase() === me,
      );
    },
  };
}

/**
 * The scoping context of a metaverse object for an outbound rule of `connector`.
 *
 * @example
 * isInScope(rule.scopingFilter, mvScopeContext(engine, mv, 'contoso.onmicrosoft.com - AAD'))
 */
export function mvScopeContext(engine: SyncEngine, mv: MvObject, connector: string): ScopeContext {
  return { attributes: mv.attributes, parameters: engine.parameters(connector, '') };
}

/**
 * The evaluation context of a metaverse object for an outbound flow of `connector`.
 *
 * @example
 * compileRule(rule).flows[0]?.evaluate(mvEvalContext(engine, mv, rule.connector))
 */
export function mvEvalContext(engine: SyncEngine, mv: MvObject, connector: string): EvalContext {
  return {
    attributes: mv.attributes,
    parameters: engine.parameters(connector, ''),
    clock: engine.clock,
    // Its own generator: a look at an object must not advance the workspace's RandomNum() sequence.
    random: seededRandom(1),
  };
}

/**
 * The evaluation context of a connector-space object for an inbound flow, with its own random
 * generator (reading never changes the engine).
 *
 * @example
 * compileRule(rule).flows[0]?.evaluate(csEvalContext(engine, cs)!)
 */
export function csEvalContext(engine: SyncEngine, cs: CsObject): EvalContext | undefined {
  const ctx = engine.expressionContext(cs.id);
  return ctx ? { ...ctx, random: seededRandom(1) } : undefined;
}

/** A short name for a metaverse object: displayName, else the first connector's DN, else its id. */
export function mvLabel(engine: SyncEngine, mv: MvObject): string {
  const name = mv.attributes['displayName'];
  if (typeof name === 'string' && name !== '') return name;
  const first = mv.connectors[0];
  const cs = first ? engine.cs.get(first) : undefined;
  return cs?.dn ?? mv.id;
}
