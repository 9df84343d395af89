import { Routes, type UrlMatchResult, type UrlSegment } from '@angular/router';
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
        // `/conversations` and `/conversations/:id` share one route, so opening a conversation keeps the list.
        matcher: conversationsMatcher,
        title: 'Conversations · Parley',
        loadComponent: () => import('./conversations/conversations.page').then((m) => m.ConversationsPage),
      },
      {
        path: 'drafts',
        title: 'AI drafts · Parley',
        loadComponent: () => import('./drafts/drafts.page').then((m) => m.DraftsPage),
      },
      { path: 'settings', loadChildren: () => import('./settings/settings.routes').then((m) => m.SETTINGS_ROUTES) },
      {
        path: 'reports',
        title: 'Reports · Parley',
        loadComponent: () => import('./reports/reports.page').then((m) => m.ReportsPage),
      },
    ],
  },
  { path: '**', redirectTo: 'conversations' },
];

/** Matches `conversations` and `conversations/:id` (the open conversation, bound to the page's `id` input). */
export function conversationsMatcher(segments: UrlSegment[]): UrlMatchResult | null {
  if (segments[0]?.path !== 'conversations' || segments.length > 2) return null;
  return { consumed: segments, posParams: segments[1] ? { id: segments[1] } : {} };
}
