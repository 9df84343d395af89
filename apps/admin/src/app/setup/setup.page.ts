import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { AuthService } from '../auth/auth.service';
import { errorMessage } from '../login/login.page';

/** `/setup?token=…`: the one-time link a new server prints, to create its first workspace and admin. */
@Component({
  selector: 'app-setup-page',
  imports: [ReactiveFormsModule],
  templateUrl: './setup.page.html',
  styleUrl: '../login/login.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SetupPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** From the link's query string (component input binding). */
  readonly token = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    workspaceName: ['', [Validators.required]],
    name: ['', [Validators.required]],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(8)]],
  });
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);

  async submit(): Promise<void> {
    if (this.pending()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { workspaceName, name, email, password } = this.form.getRawValue();
    this.pending.set(true);
    this.error.set(null);
    try {
      await this.auth.setup({ token: this.token() ?? '', workspaceName: workspaceName.trim(), name: name.trim(), email: email.trim(), password });
      await this.router.navigateByUrl('/conversations');
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.pending.set(false);
    }
  }
}
