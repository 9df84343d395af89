import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { KnowledgeArticleView, KnowledgeGapView } from '@parley/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../auth/auth.service';
import { SettingsApi } from '../settings-api';
import { confirmAction } from '../shared/confirm.dialog';
import { apiError } from '../shared/errors';
import { ArticleDialog, type ArticleDialogData } from './article.dialog';

/** Articles whose title, body or tags contain every word of the query (case-insensitive). */
export function searchArticles(articles: readonly KnowledgeArticleView[], query: string): KnowledgeArticleView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...articles];
  return articles.filter((a) => {
    const text = `${a.title}\n${a.body}\n${a.tags.join(' ')}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The knowledge base (admins write, operators read) and, beside it, the questions it did not answer. */
@Component({
  selector: 'app-settings-knowledge',
  imports: [DatePipe, FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule],
  templateUrl: './knowledge.page.html',
  styles: `
    :host {
      max-width: 80rem !important;
    }
    .cols {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 22rem;
      gap: 1.25rem;
      align-items: start;
    }
    ul.plain {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .article h3 {
      margin: 0;
    }
    .article p {
      margin: 0.25rem 0;
      white-space: pre-wrap;
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
      font-size: 0.875rem;
    }
    .gap {
      padding: 0.625rem 0;
      border-bottom: 1px solid var(--border);
    }
    .gap q {
      display: block;
      font-weight: 500;
    }
    @media (max-width: 1100px) {
      .cols {
        grid-template-columns: 1fr;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KnowledgePage {
  private readonly api = inject(SettingsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  protected readonly isAdmin = computed(() => this.auth.user()?.role === 'admin');

  protected readonly articles = signal<KnowledgeArticleView[]>([]);
  protected readonly gaps = signal<KnowledgeGapView[]>([]);
  protected readonly query = signal('');
  protected readonly shown = computed(() => searchArticles(this.articles(), this.query()));
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly gapsError = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      let cursor: string | null = null;
      const all: KnowledgeArticleView[] = [];
      do {
        const page = await this.api.articles(cursor);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      this.articles.set(all);
    } catch (err) {
      this.error.set(apiError(err, 'The knowledge base could not be loaded'));
    } finally {
      this.loading.set(false);
    }
    await this.loadGaps();
  }

  async loadGaps(): Promise<void> {
    try {
      this.gaps.set((await this.api.knowledgeGaps()).items);
      this.gapsError.set(null);
    } catch (err) {
      this.gapsError.set(apiError(err, 'The knowledge gaps could not be loaded'));
    }
  }

  async write(data: ArticleDialogData): Promise<void> {
    const ref = this.dialog.open<ArticleDialog, ArticleDialogData, KnowledgeArticleView>(ArticleDialog, { data, width: '40rem', maxWidth: '95vw' });
    const saved = await firstValueFrom(ref.afterClosed());
    if (!saved) return;
    this.articles.update((list) => (list.some((a) => a.id === saved.id) ? list.map((a) => (a.id === saved.id ? saved : a)) : [saved, ...list]));
    this.snack.open('Article saved', undefined, { duration: 2500 });
    // A new article may answer a gap: the report is recomputed by the server.
    await this.loadGaps();
  }

  async remove(a: KnowledgeArticleView): Promise<void> {
    if (!(await confirmAction(this.dialog, { title: `Delete "${a.title}"?`, message: 'The assistant will no longer answer from it.', confirm: 'Delete' })))
      return;
    try {
      await this.api.deleteArticle(a.id);
      this.articles.update((list) => list.filter((x) => x.id !== a.id));
    } catch (err) {
      this.snack.open(apiError(err, 'The article could not be deleted'), 'Dismiss', { panelClass: 'snackbar-error' });
    }
  }
}
