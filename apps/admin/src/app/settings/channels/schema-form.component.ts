import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { secretIsSet, type SchemaField, type SchemaValues } from './schema-form';

/** The inputs of a plugin's config, rendered from its JSON schema (see schema-form.ts). */
@Component({
  selector: 'app-schema-form',
  imports: [FormsModule, MatFormFieldModule, MatInputModule, MatSlideToggleModule],
  template: `
    @for (f of fields(); track f.path) {
      @if (f.kind === 'boolean') {
        <mat-slide-toggle class="toggle" [name]="f.path" [ngModel]="values()[f.path] === true" (ngModelChange)="set(f.path, $event)">{{
          f.label
        }}</mat-slide-toggle>
      } @else {
        <mat-form-field appearance="outline" [class.wide]="f.kind === 'list'">
          <mat-label>{{ f.label }}</mat-label>
          @if (f.kind === 'list') {
            <textarea
              matInput
              rows="2"
              [name]="f.path"
              [required]="f.required"
              [ngModel]="values()[f.path]"
              (ngModelChange)="set(f.path, $event)"
              [attr.aria-invalid]="!!errors()[f.path]"
            ></textarea>
          } @else {
            <input
              matInput
              [name]="f.path"
              [type]="f.kind === 'password' ? 'password' : f.kind === 'number' || f.kind === 'integer' ? 'number' : 'text'"
              [attr.autocomplete]="f.kind === 'password' ? 'new-password' : 'off'"
              [required]="f.required && f.groupRequired && !(f.kind === 'password' && isSet(f))"
              [placeholder]="f.kind === 'password' && isSet(f) ? '•••••••• (stored)' : ''"
              [ngModel]="values()[f.path]"
              (ngModelChange)="set(f.path, $event)"
              [attr.aria-invalid]="!!errors()[f.path]"
            />
          }
          @if (errors()[f.path]) {
            <mat-error>{{ errors()[f.path] }}</mat-error>
          } @else if (f.kind === 'password') {
            <mat-hint>{{ isSet(f) ? 'Set. Leave empty to keep it.' : 'Not set. Write-only: never shown again.' }}</mat-hint>
          } @else if (f.kind === 'list') {
            <mat-hint>One a line</mat-hint>
          } @else if (!f.required) {
            <mat-hint>Optional</mat-hint>
          }
        </mat-form-field>
      }
    }
  `,
  styles: `
    :host {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
      gap: 0.25rem 1rem;
    }
    .wide {
      grid-column: 1 / -1;
    }
    .toggle {
      align-self: center;
      margin-bottom: 1.25rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SchemaForm {
  readonly fields = input.required<readonly SchemaField[]>();
  readonly values = model.required<SchemaValues>();
  readonly errors = input<Record<string, string>>({});
  /** The stored config (editing): tells which secrets are set. */
  readonly stored = input<Record<string, unknown> | null>(null);

  protected isSet(f: SchemaField): boolean {
    return secretIsSet(this.stored(), f.path);
  }

  protected set(path: string, value: string | boolean): void {
    this.values.update((v) => ({ ...v, [path]: value }));
  }
}
