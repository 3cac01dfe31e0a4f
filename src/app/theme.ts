import { createTheme } from '@mui/material/styles';
import type { ThemeMode } from '../state/ui-store.ts';

export function makeTheme(mode: ThemeMode) {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#0f6cbd' : '#479ef5' },
      secondary: { main: mode === 'light' ? '#5c2e91' : '#b696e0' },
    },
    shape: { borderRadius: 6 },
    typography: {
      fontFamily: '"Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif',
      fontSize: 14,
    },
    components: {
      MuiButton: { defaultProps: { disableElevation: true } },
    },
  });
}
