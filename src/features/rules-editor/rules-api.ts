/**
 * The rules editor's calls to the engine worker: a plain async function, a query-options factory
 * and a hook for each read; writes are plain functions used with useMutation.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import * as Comlink from 'comlink';
import { getEngine } from '../../worker/client.ts';
import type { ImpactProgress } from '../../engine/rules/impact.ts';
import type { Direction, SyncRule } from '../../engine/rules/model.ts';
import type {
  ObjectChoiceDto,
  RuleFilterDto,
  RuleFilterOptionsDto,
  RuleRowDto,
  ConnectorDto,
  RuleIssueDto,
  RuleImportRequestDto,
  RuleImportResultDto,
  SaveRuleResultDto,
  ExpressionCatalogDto,
  ExpressionRequestDto,
  ExprDiagnosticDto,
  SchemaRefDto,
  TestExpressionRequestDto,
  TestExpressionResponseDto,
  ImpactPageDto,
  ImpactPageRequestDto,
  ImpactRequestDto,
  ImpactSummaryDto,
  PrecedenceRequestDto,
  PrecedenceViewDto,
  OutboundTargetDto,
} from '../../worker/api-rules.ts';
import type { AttributeInfo, SchemaKind } from '../../engine/rules/editor-schema.ts';

export const rulesKeys = {
  // Below ['workspace'], so opening another scenario invalidates every rule query.
  all: ['workspace', 'rules'] as const,
  list: (filter: RuleFilterDto) => [...rulesKeys.all, 'list', filter] as const,
  filterOptions: (direction: Direction) => [...rulesKeys.all, 'filter-options', direction] as const,
  connectors: () => [...rulesKeys.all, 'connectors'] as const,
  fullSync: () => [...rulesKeys.all, 'full-sync-required'] as const,
  validate: (rule: SyncRule | null) => [...rulesKeys.all, 'validate', rule] as const,
  objects: (request: ObjectSearch) => [...rulesKeys.all, 'objects', request] as const,
  catalog: () => [...rulesKeys.all, 'catalog'] as const,
  objectTypes: (kind: SchemaKind) => [...rulesKeys.all, 'object-types', kind] as const,
  attributes: (ref: SchemaRefDto) =>
    [...rulesKeys.all, 'attributes', ref.kind, ref.objectType ?? ''] as const,
  precedence: (request: PrecedenceRequestDto) => [...rulesKeys.all, 'precedence', request] as const,
  outboundTargets: (connector: string) =>
    [...rulesKeys.all, 'outbound-targets', connector] as const,
  impactPage: (request: ImpactPageRequestDto) =>
    [...rulesKeys.all, 'impact-page', request] as const,
};

export async function fetchCatalog(): Promise<ExpressionCatalogDto> {
  return getEngine().rulesCatalog();
}

export const catalogOptions = () =>
  queryOptions({ queryKey: rulesKeys.catalog(), queryFn: fetchCatalog, staleTime: Infinity });

export function useCatalog() {
  return useQuery(catalogOptions());
}

export const objectTypesOptions = (kind: SchemaKind) =>
  queryOptions({
    queryKey: rulesKeys.objectTypes(kind),
    queryFn: () => getEngine().rulesObjectTypes(kind),
    staleTime: Infinity,
  });

export function useObjectTypes(kind: SchemaKind) {
  return useQuery(objectTypesOptions(kind));
}

export const attributesOptions = (ref: SchemaRefDto) =>
  queryOptions({
    queryKey: rulesKeys.attributes(ref),
    queryFn: (): Promise<AttributeInfo[]> => getEngine().rulesAttributes(ref),
    staleTime: Infinity,
  });

export function useAttributes(ref: SchemaRefDto) {
  return useQuery(attributesOptions(ref));
}

export async function checkExpression(request: ExpressionRequestDto): Promise<ExprDiagnosticDto[]> {
  return getEngine().rulesCheckExpression(request);
}

export async function testExpression(
  request: TestExpressionRequestDto,
): Promise<TestExpressionResponseDto> {
  return getEngine().rulesTestExpression(request);
}

export interface ObjectSearch {
  scope: 'cs' | 'mv';
  connector?: string;
  objectType?: string;
  text: string;
}

export function useRuleList(filter: RuleFilterDto) {
  return useQuery({
    queryKey: rulesKeys.list(filter),
    queryFn: (): Promise<RuleRowDto[]> => getEngine().rulesList(filter),
  });
}

export function useFilterOptions(direction: Direction) {
  return useQuery({
    queryKey: rulesKeys.filterOptions(direction),
    queryFn: (): Promise<RuleFilterOptionsDto> => getEngine().rulesFilterOptions(direction),
  });
}

export function useConnectors() {
  return useQuery({
    queryKey: rulesKeys.connectors(),
    queryFn: (): Promise<ConnectorDto[]> => getEngine().rulesConnectors(),
  });
}

export function useFullSyncRequired() {
  return useQuery({
    queryKey: rulesKeys.fullSync(),
    queryFn: (): Promise<string[]> => getEngine().rulesFullSyncRequired(),
  });
}

/** Validation of a draft, recomputed as it changes. */
export function useValidation(rule: SyncRule | null) {
  return useQuery({
    queryKey: rulesKeys.validate(rule),
    queryFn: (): Promise<RuleIssueDto[]> =>
      rule ? getEngine().rulesValidate(rule) : Promise.resolve([]),
    placeholderData: (previous) => previous,
  });
}

export function useObjectChoices(request: ObjectSearch, enabled: boolean) {
  return useQuery({
    queryKey: rulesKeys.objects(request),
    queryFn: (): Promise<ObjectChoiceDto[]> => getEngine().rulesFindObjects(request),
    enabled,
  });
}

export async function saveRule(
  rule: SyncRule,
  disableOriginal?: string,
): Promise<SaveRuleResultDto> {
  const result: SaveRuleResultDto = await getEngine().rulesSave(
    rule,
    disableOriginal ? { disableOriginal } : {},
  );
  return result;
}

export async function importRules(request: RuleImportRequestDto): Promise<RuleImportResultDto> {
  const result: RuleImportResultDto = await getEngine().rulesImport(request);
  return result;
}

/** The object types and attributes the outbound rules of a target connector flow into. */
export function useOutboundTargets(connector: string | null) {
  return useQuery({
    queryKey: rulesKeys.outboundTargets(connector ?? ''),
    queryFn: (): Promise<OutboundTargetDto[]> => getEngine().rulesOutboundTargets(connector ?? ''),
    enabled: connector !== null && connector !== '',
  });
}

/**
 * The precedence view of one attribute (and object, when one is chosen): a metaverse attribute
 * inbound, a target connector's attribute outbound.
 */
export function usePrecedence(request: PrecedenceRequestDto | null) {
  return useQuery({
    queryKey: rulesKeys.precedence(request ?? { attribute: '', objectType: '' }),
    queryFn: (): Promise<PrecedenceViewDto> =>
      getEngine().rulesPrecedence(request ?? { attribute: '', objectType: '' }),
    enabled: request !== null && request.attribute !== '' && request.objectType !== '',
  });
}

/** Runs the impact engine on a copy of the workspace (a mutation: each run replaces the last). */
export async function computeImpact(
  request: ImpactRequestDto,
  onProgress?: (p: ImpactProgress) => void,
): Promise<ImpactSummaryDto> {
  const result: ImpactSummaryDto = await getEngine().rulesImpact(
    request,
    onProgress ? Comlink.proxy(onProgress) : undefined,
  );
  return result;
}

export async function cancelImpact(): Promise<void> {
  await getEngine().rulesImpactCancel();
}

/** One page of the last impact's rows. */
export function useImpactPage(request: ImpactPageRequestDto | null) {
  return useQuery({
    queryKey: rulesKeys.impactPage(request ?? { id: 0, list: 'metaverse', offset: 0, limit: 0 }),
    queryFn: (): Promise<ImpactPageDto> =>
      getEngine().rulesImpactPage(request ?? { id: 0, list: 'metaverse', offset: 0, limit: 0 }),
    enabled: request !== null,
    placeholderData: (previous) => previous,
  });
}
