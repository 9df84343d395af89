import type { Routes } from '@angular/router';
import { adminGuard } from './admin.guard';
import { SettingsLayout } from './settings.layout';

/** `/settings/*` (lazy): admin pages behind adminGuard; the knowledge base is readable by operators too. */
export const SETTINGS_ROUTES: Routes = [
  {
    path: '',
    component: SettingsLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'start' },
      {
        path: 'start',
        title: 'Get started · Settings · Parley',
        canActivate: [adminGuard],
        loadComponent: () => import('./start/start.page').then((m) => m.StartPage),
      },
      {
        path: 'autonomy',
        title: 'Autonomy · Settings · Parley',
        canActivate: [adminGuard],
        loadComponent: () => import('./autonomy/autonomy.page').then((m) => m.AutonomyPage),
      },
      {
        path: 'channels',
        title: 'Channels · Settings · Parley',
        canActivate: [adminGuard],
        loadComponent: () => import('./channels/channels.page').then((m) => m.ChannelsPage),
      },
      {
        path: 'assistant',
        title: 'Assistant · Settings · Parley',
        canActivate: [adminGuard],
        loadComponent: () => import('./assistant/assistant.page').then((m) => m.AssistantPage),
      },
      {
        path: 'knowledge',
        title: 'Knowledge base · Settings · Parley',
        loadComponent: () => import('./knowledge/knowledge.page').then((m) => m.KnowledgePage),
      },
      {
        path: 'team',
        title: 'Team & API keys · Settings · Parley',
        canActivate: [adminGuard],
        loadComponent: () => import('./team/team.page').then((m) => m.TeamPage),
      },
      {
        path: 'campaigns',
        title: 'Templates & campaigns · Settings · Parley',
        canActivate: [adminGuard],
        loadComponent: () => import('./campaigns/campaigns.page').then((m) => m.CampaignsPage),
      },
      {
        path: 'dead-letters',
        title: 'Failed sends · Settings · Parley',
        canActivate: [adminGuard],
        loadComponent: () => import('./dead-letters/dead-letters.page').then((m) => m.DeadLettersPage),
      },
    ],
  },
];
