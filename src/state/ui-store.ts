import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type ThemeMode = 'light' | 'dark';

interface UiState {
  themeMode: ThemeMode;
  toggleThemeMode: () => void;
}

/** UI state only (never engine state): the colour scheme, remembered across visits. */
export const useUiStore = create<UiState>()(
  persist(
    (set) => ({
      themeMode: 'light',
      toggleThemeMode: () =>
        set((s) => ({ themeMode: s.themeMode === 'light' ? 'dark' : 'light' })),
    }),
    { name: 'synclab-ui' },
  ),
);
