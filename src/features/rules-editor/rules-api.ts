/**
 * The rules editor's calls to the engine worker: a plain async function, a query-options factory
 * and a hook for each read; writes are plain functions used with useMutation.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getEngine } from '../../worker/client.ts';
import type {
  ExpressionCatalogDto,
  ExpressionRequestDto,
  ExprDiagnosticDto,
  SchemaRefDto,
  TestExpressionRequestDto,
  TestExpressionResponseDto,
} from '../../worker/api-rules.ts';
import type { AttributeInfo, SchemaKind } from '../../engine/rules/editor-schema.ts';

export const rulesKeys = {
  all: ['rules'] as const,
  catalog: () => [...rulesKeys.all, 'catalog'] as const,
  objectTypes: (kind: SchemaKind) => [...rulesKeys.all, 'object-types', kind] as const,
  attributes: (ref: SchemaRefDto) =>
    [...rulesKeys.all, 'attributes', ref.kind, ref.objectType ?? ''] as const,
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
