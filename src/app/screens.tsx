import type { ReactNode } from 'react';
import ForestOutlined from '@mui/icons-material/ForestOutlined';
import HomeOutlined from '@mui/icons-material/HomeOutlined';
import HubOutlined from '@mui/icons-material/HubOutlined';
import RuleOutlined from '@mui/icons-material/RuleOutlined';
import SchoolOutlined from '@mui/icons-material/SchoolOutlined';
import SettingsInputComponentOutlined from '@mui/icons-material/SettingsInputComponentOutlined';
import SyncOutlined from '@mui/icons-material/SyncOutlined';
import { ConnectorsScreen } from '../features/connectors/connectors-screen.tsx';
import { ForestsScreen } from '../features/forests/forests-screen.tsx';
import { HomeScreen } from '../features/home/home-screen.tsx';
import { LessonsScreen } from '../features/lessons/lessons-screen.tsx';
import { MetaverseScreen } from '../features/metaverse/metaverse-screen.tsx';
import { RulesScreen } from '../features/rules-editor/rules-screen.tsx';
import { SyncScreen } from '../features/sync-manager/sync-screen.tsx';

export interface Screen {
  /** The accessible name of the navigation link, e.g. "Rules". */
  label: string;
  path: string;
  icon: ReactNode;
  element: ReactNode;
}

/**
 * The screens in the navigation, in the order an admin meets them in the real product: the
 * Synchronization Rules Editor, the Synchronization Service Manager and its Metaverse Search, then
 * the directories, the connectors' configuration, and the lessons. A screen is listed here only
 * when it works.
 */
export const SCREENS: Screen[] = [
  { label: 'Home', path: '/', icon: <HomeOutlined />, element: <HomeScreen /> },
  { label: 'Rules', path: '/rules', icon: <RuleOutlined />, element: <RulesScreen /> },
  { label: 'Sync', path: '/sync', icon: <SyncOutlined />, element: <SyncScreen /> },
  { label: 'Metaverse', path: '/metaverse', icon: <HubOutlined />, element: <MetaverseScreen /> },
  { label: 'Forests', path: '/forests', icon: <ForestOutlined />, element: <ForestsScreen /> },
  {
    label: 'Connectors',
    path: '/connectors',
    icon: <SettingsInputComponentOutlined />,
    element: <ConnectorsScreen />,
  },
  { label: 'Lessons', path: '/lessons', icon: <SchoolOutlined />, element: <LessonsScreen /> },
];
