import { QueryClient } from '@tanstack/react-query';

/** Engine answers change only when the engine runs, and every run invalidates what it touched. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false },
  },
});
