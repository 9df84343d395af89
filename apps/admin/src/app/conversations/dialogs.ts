import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { SHORTCUTS } from './keyboard';

/** Asks why a conversation goes to a human (the escalation reason operators will see). */
@Component({
  selector: 'app-escalate-dialog',
  imports: [FormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Escalate to a human</h2>
    <form (ngSubmit)="submit()">
      <mat-dialog-content>
        <p class="hint">{{ data.name }} moves to Human Handling and the assistant pauses. Why?</p>
        <mat-form-field appearance="outline" class="full">
          <mat-label>Reason</mat-label>
          <textarea matInput name="reason" [(ngModel)]="reason" required maxlength="500" rows="3" cdkFocusInitial></textarea>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="!reason().trim()">Escalate</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full {
      width: 100%;
    }
    .hint {
      margin-top: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EscalateDialog {
  protected readonly data = inject<{ name: string }>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<EscalateDialog, string>);
  protected readonly reason = signal('');

  submit(): void {
    if (this.reason().trim()) this.ref.close(this.reason().trim());
  }
}

/** "?": every shortcut, and the switch that turns them off. */
@Component({
  selector: 'app-shortcuts-dialog',
  imports: [MatDialogModule, MatButtonModule, MatSlideToggleModule],
  template: `
    <h2 mat-dialog-title>Keyboard shortcuts</h2>
    <mat-dialog-content>
      <table>
        <tbody>
          @for (s of shortcuts; track s.key) {
            <tr>
              <td>
                <kbd>{{ s.key }}</kbd>
              </td>
              <td>{{ s.label }}</td>
            </tr>
          }
        </tbody>
      </table>
      <p class="hint">Shortcuts never fire while you type in a field.</p>
      <mat-slide-toggle [checked]="data.enabled()" (change)="data.enabled.set($event.checked)">Keyboard shortcuts on</mat-slide-toggle>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    table {
      border-collapse: collapse;
      margin-bottom: 0.75rem;
    }
    td {
      padding: 0.25rem 0.75rem 0.25rem 0;
    }
    .hint {
      color: var(--text-muted);
      font-size: 0.875rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShortcutsDialog {
  protected readonly shortcuts = SHORTCUTS;
  protected readonly data = inject<{ enabled: ReturnType<typeof signal<boolean>> }>(MAT_DIALOG_DATA);
}

/** Names the current filters as a saved view. */
@Component({
  selector: 'app-save-view-dialog',
  imports: [FormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Save view</h2>
    <form (ngSubmit)="submit()">
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="full">
          <mat-label>Name</mat-label>
          <input matInput name="name" [(ngModel)]="name" required maxlength="60" cdkFocusInitial />
          <mat-hint>Kept in this browser; it appears in the views sidebar.</mat-hint>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="!name().trim()">Save</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SaveViewDialog {
  private readonly data = inject<{ name: string }>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<SaveViewDialog, string>);
  protected readonly name = signal(this.data.name);

  submit(): void {
    if (this.name().trim()) this.ref.close(this.name().trim());
  }
}
