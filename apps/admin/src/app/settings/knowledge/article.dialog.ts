import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { KnowledgeArticleView } from '@parley/contracts';
import { SettingsApi } from '../settings-api';
import { apiError } from '../shared/errors';

export interface ArticleDialogData {
  article?: KnowledgeArticleView;
  /** A new article's starting title (e.g. a knowledge gap's question). */
  title?: string;
}

/** `"a, b ,, c"` → `['a', 'b', 'c']`. */
export const parseTags = (text: string): string[] => [
  ...new Set(
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

/** Write or edit a knowledge article. */
@Component({
  selector: 'app-article-dialog',
  imports: [FormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSlideToggleModule],
  template: `
    <h2 mat-dialog-title>{{ data.article ? 'Edit article' : 'Write an article' }}</h2>
    <form (ngSubmit)="save()">
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="full">
          <mat-label>Title</mat-label>
          <input matInput name="title" [(ngModel)]="title" required maxlength="300" cdkFocusInitial />
        </mat-form-field>
        <mat-form-field appearance="outline" class="full">
          <mat-label>Answer</mat-label>
          <textarea matInput name="body" [(ngModel)]="body" required rows="9"></textarea>
          <mat-hint>What the assistant may tell customers. Plain words; one topic per article.</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline" class="full">
          <mat-label>Tags</mat-label>
          <input matInput name="tags" [(ngModel)]="tags" />
          <mat-hint>Comma separated, e.g. pricing, boilers</mat-hint>
        </mat-form-field>
        <mat-slide-toggle name="published" [(ngModel)]="published">Published (the assistant uses it)</mat-slide-toggle>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving() || !title().trim() || !body().trim()">Save article</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full {
      width: 100%;
      margin-bottom: 0.5rem;
    }
    .error {
      color: var(--danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ArticleDialog {
  protected readonly data = inject<ArticleDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<ArticleDialog, KnowledgeArticleView>);
  private readonly api = inject(SettingsApi);
  protected readonly title = signal(this.data.article?.title ?? this.data.title ?? '');
  protected readonly body = signal(this.data.article?.body ?? '');
  protected readonly tags = signal(this.data.article?.tags.join(', ') ?? '');
  protected readonly published = signal(this.data.article?.published ?? true);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  async save(): Promise<void> {
    this.saving.set(true);
    this.error.set(null);
    const body = { title: this.title().trim(), body: this.body().trim(), tags: parseTags(this.tags()), published: this.published() };
    try {
      this.ref.close(this.data.article ? await this.api.updateArticle(this.data.article.id, body) : await this.api.createArticle(body));
    } catch (err) {
      this.error.set(apiError(err, 'The article could not be saved'));
    } finally {
      this.saving.set(false);
    }
  }
}
