/**
 * The Forests screen's data: plain async functions over the engine worker, query-option factories
 * and hooks. Every key starts with ['workspace'], so any change refreshes them.
 */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getEngine } from '../../worker/client.ts';
import type { DirectoryListRequest, TenantObjectFilter } from '../../worker/api-forests.ts';
import { useWorkspace } from '../../lib/workspace.ts';

export const forestsQuery = queryOptions({
  queryKey: ['workspace', 'forests'],
  queryFn: () => getEngine().forests(),
});

export const forestTreeQuery = (forest: string) =>
  queryOptions({
    queryKey: ['workspace', 'forests', 'tree', forest],
    queryFn: () => getEngine().forestTree(forest),
  });

export const forestObjectsQuery = (request: DirectoryListRequest) =>
  queryOptions({
    queryKey: ['workspace', 'forests', 'objects', request],
    queryFn: () => getEngine().forestObjects(request),
    placeholderData: keepPreviousData,
  });

export const forestObjectQuery = (forest: string, dn: string) =>
  queryOptions({
    queryKey: ['workspace', 'forests', 'object', forest, dn],
    queryFn: () => getEngine().forestObject(forest, dn),
  });

export const tenantQuery = (filter: TenantObjectFilter) =>
  queryOptions({
    queryKey: ['workspace', 'tenant', filter],
    queryFn: () => getEngine().tenant(filter),
    placeholderData: keepPreviousData,
  });

export const installationQuery = queryOptions({
  queryKey: ['workspace', 'installation'],
  queryFn: () => getEngine().installation(),
});

export const changeLogQuery = queryOptions({
  queryKey: ['workspace', 'change-log'],
  queryFn: () => getEngine().changeLog(),
});

export const libraryQuery = queryOptions({
  queryKey: ['library'],
  queryFn: () => getEngine().builtInScenarios(),
});

export const objectClassesQuery = queryOptions({
  queryKey: ['object-classes'],
  queryFn: () => getEngine().forestObjectClasses(),
});

/** Waits for the workspace to be open before asking the engine anything about it. */
function useReady(): boolean {
  return useWorkspace().isSuccess;
}

export function useForests() {
  return useQuery({ ...forestsQuery, enabled: useReady() });
}

export function useForestTree(forest: string | undefined) {
  return useQuery({ ...forestTreeQuery(forest ?? ''), enabled: useReady() && !!forest });
}

export function useForestObjects(request: DirectoryListRequest) {
  return useQuery({ ...forestObjectsQuery(request), enabled: useReady() && !!request.forest });
}

export function useForestObject(forest: string | undefined, dn: string | undefined) {
  return useQuery({
    ...forestObjectQuery(forest ?? '', dn ?? ''),
    enabled: useReady() && !!forest && !!dn,
  });
}

export function useTenant(filter: TenantObjectFilter = 'all') {
  return useQuery({ ...tenantQuery(filter), enabled: useReady() });
}

export function useInstallation() {
  return useQuery({ ...installationQuery, enabled: useReady() });
}

export function useChangeLog() {
  return useQuery({ ...changeLogQuery, enabled: useReady() });
}

export function useLibrary() {
  return useQuery(libraryQuery);
}

export function useObjectClasses() {
  return useQuery(objectClassesQuery);
}
