import type { ReactNode } from 'react';
import HomeOutlined from '@mui/icons-material/HomeOutlined';
import HubOutlined from '@mui/icons-material/HubOutlined';
import { MetaverseScreen } from '../features/metaverse/metaverse-screen.tsx';
import { HomeScreen } from '../features/home/home-screen.tsx';
import { RulesScreen } from '../features/rules-editor/rules-screen.tsx';
import RuleOutlined from '@mui/icons-material/RuleOutlined';
import SyncOutlined from '@mui/icons-material/SyncOutlined';
import { SyncScreen } from '../features/sync-manager/sync-screen.tsx';
import ForestOutlined from '@mui/icons-material/ForestOutlined';
import { ForestsScreen } from '../features/forests/forests-screen.tsx';
import SchoolOutlined from '@mui/icons-material/SchoolOutlined';
import { LessonsScreen } from '../features/lessons/lessons-screen.tsx';
import SettingsInputComponentOutlined from '@mui/icons-material/SettingsInputComponentOutlined';
import { ConnectorsScreen } from '../features/connectors/connectors-screen.tsx';

export interface Screen {
  /** The accessible name of the navigation link, e.g. "Rules". */
  label: string;
  path: string;
  icon: ReactNode;
  element: ReactNode;
}

/**
 * The screens in the navigation. A screen is listed here when its issue has landed, so the
 * navigation only ever shows what works ("Rules", "Sync", "Metaverse", "Forests", "Lessons" join
 * as they are delivered).
 */
export const SCREENS: Screen[] = [
  { label: 'Home', path: '/', icon: <HomeOutlined />, element: <HomeScreen /> },
  { label: 'Rules', path: '/rules', icon: <RuleOutlined />, element: <RulesScreen /> },
  { label: 'Sync', path: '/sync', icon: <SyncOutlined />, element: <SyncScreen /> },
  { label: 'Forests', path: '/forests', icon: <ForestOutlined />, element: <ForestsScreen /> },
  {
    label: 'Connectors',
    path: '/connectors',
    icon: <SettingsInputComponentOutlined />,
    element: <ConnectorsScreen />,
  },
  { label: 'Lessons', path: '/lessons', icon: <SchoolOutlined />, element: <LessonsScreen /> },
  { label: 'Metaverse', path: '/metaverse', icon: <HubOutlined />, element: <MetaverseScreen /> },
];
