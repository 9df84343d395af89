import { Routes } from '@angular/router';
import { authGuard } from './auth/auth.guard';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'conversations' },
  {
    path: 'login',
    title: 'Sign in · Parley',
    loadComponent: () => import('./login/login.page').then((m) => m.LoginPage),
  },
  {
    path: 'setup',
    title: 'Set up · Parley',
    loadComponent: () => import('./setup/setup.page').then((m) => m.SetupPage),
  },
  {
    path: '',
    loadComponent: () => import('./shell/shell').then((m) => m.Shell),
    canActivate: [authGuard],
    children: [
      {
        path: 'conversations',
        title: 'Conversations · Parley',
        loadComponent: () => import('./conversations/conversations.page').then((m) => m.ConversationsPage),
      },
    ],
  },
  { path: '**', redirectTo: 'conversations' },
];
