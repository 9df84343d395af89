import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { Clipboard } from '@angular/cdk/clipboard';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';

/** An icon button that copies `text` and says so. */
@Component({
  selector: 'app-copy-button',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    <button mat-icon-button type="button" [attr.aria-label]="label()" [matTooltip]="label()" (click)="copy()">
      <mat-icon svgIcon="content_copy" />
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CopyButton {
  readonly text = input.required<string>();
  readonly label = input('Copy');
  private readonly clipboard = inject(Clipboard);
  private readonly snack = inject(MatSnackBar);

  copy(): void {
    const ok = this.clipboard.copy(this.text());
    this.snack.open(ok ? 'Copied' : 'Could not copy: select the text and copy it', undefined, { duration: 2000 });
  }
}
