import {
  AppBar,
  Box,
  Drawer,
  IconButton,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Toolbar,
  Tooltip,
  Typography,
} from '@mui/material';
import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LightModeOutlined from '@mui/icons-material/LightModeOutlined';
import { NavLink, Route, Routes, useLocation } from 'react-router';
import { useUiStore } from '../state/ui-store.ts';
import { SCREENS } from './screens.tsx';

const NAV_WIDTH = 200;

export function Layout() {
  const themeMode = useUiStore((s) => s.themeMode);
  const toggleThemeMode = useUiStore((s) => s.toggleThemeMode);
  const location = useLocation();
  const switchLabel = themeMode === 'light' ? 'Switch to dark theme' : 'Switch to light theme';

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar variant="dense">
          <Typography variant="h6" component="div" sx={{ flexGrow: 1, fontWeight: 600 }}>
            SyncLab
          </Typography>
          <Tooltip title={switchLabel}>
            <IconButton color="inherit" onClick={toggleThemeMode} aria-label={switchLabel}>
              {themeMode === 'light' ? <DarkModeOutlined /> : <LightModeOutlined />}
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{
          width: NAV_WIDTH,
          flexShrink: 0,
          '& .MuiDrawer-paper': { width: NAV_WIDTH, boxSizing: 'border-box' },
        }}
      >
        <Toolbar variant="dense" />
        <nav aria-label="Main">
          <List>
            {SCREENS.map((screen) => {
              const selected =
                screen.path === '/'
                  ? location.pathname === '/'
                  : location.pathname.startsWith(screen.path);
              return (
                <ListItemButton
                  key={screen.path}
                  component={NavLink}
                  to={screen.path}
                  selected={selected}
                  aria-current={selected ? 'page' : undefined}
                >
                  <ListItemIcon sx={{ minWidth: 36 }}>{screen.icon}</ListItemIcon>
                  <ListItemText primary={screen.label} />
                </ListItemButton>
              );
            })}
          </List>
        </nav>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar variant="dense" />
        <Routes>
          {SCREENS.map((screen) => (
            <Route key={screen.path} path={screen.path} element={screen.element} />
          ))}
          <Route path="*" element={<Typography>This page does not exist.</Typography>} />
        </Routes>
      </Box>
    </Box>
  );
}
