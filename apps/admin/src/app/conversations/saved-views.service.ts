import { Injectable } from '@angular/core';
import { persisted } from '../core/persisted';
import { filtersToQueryString, type ListFilters } from './filters';

export interface SavedView {
  id: string;
  name: string;
  /** The view's query string (`status=human_handling&assignee=me`). */
  query: string;
}

/** Views that come with the dashboard (the seeds' everyday filters). */
export const BUILT_IN_VIEWS: SavedView[] = [
  { id: 'all', name: 'All conversations', query: '' },
  { id: 'mine', name: 'Assigned to me', query: 'assignee=me' },
  { id: 'unassigned-human', name: 'Transferred, unassigned', query: 'status=human_handling&assignee=none' },
  { id: 'action', name: 'Requires action', query: 'action=1' },
  { id: 'unread', name: 'Unread', query: 'unread=1' },
  { id: 'ai', name: 'AI handling', query: 'status=ai_handling' },
  { id: 'resolved', name: 'Resolved', query: 'status=resolved' },
];

const isViews = (v: unknown) =>
  Array.isArray(v) && v.every((x) => x && typeof x === 'object' && typeof (x as SavedView).name === 'string' && typeof (x as SavedView).query === 'string');

/**
 * The operator's saved views. Kept in this browser's localStorage (per browser, not synced to the
 * server: the API has no endpoint for them yet).
 */
@Injectable({ providedIn: 'root' })
export class SavedViews {
  readonly views = persisted<SavedView[]>('conversations.savedViews', [], isViews);

  save(name: string, filters: ListFilters): void {
    const view: SavedView = { id: `v${Date.now().toString(36)}`, name: name.slice(0, 60), query: filtersToQueryString(filters) };
    this.views.update((vs) => [...vs.filter((v) => v.name !== view.name), view]);
  }

  remove(id: string): void {
    this.views.update((vs) => vs.filter((v) => v.id !== id));
  }
}
