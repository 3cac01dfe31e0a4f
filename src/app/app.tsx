import { useMemo } from 'react';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { queryClient } from '../lib/query-client.ts';
import { useUiStore } from '../state/ui-store.ts';
import { makeTheme } from './theme.ts';
import { Layout } from './layout.tsx';

export function App() {
  const themeMode = useUiStore((s) => s.themeMode);
  const theme = useMemo(() => makeTheme(themeMode), [themeMode]);
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <BrowserRouter>
          <Layout />
        </BrowserRouter>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
