import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import type { ApiError, SetupStatus } from '@parley/contracts';
import { AuthService } from '../auth/auth.service';

@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule],
  templateUrl: './login.page.html',
  styleUrl: './login.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required]],
    password: ['', [Validators.required]],
  });
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  /** What the server says about itself; null until it answers (or if it cannot): no hint then. */
  protected readonly server = signal<SetupStatus | null>(null);

  constructor() {
    // The demo login is shown only where it works: production has no demo, and a new server no user at all.
    this.auth.setupStatus().then(
      (status) => this.server.set(status),
      () => undefined,
    );
  }

  async submit(): Promise<void> {
    if (this.pending()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.pending.set(true);
    this.error.set(null);
    try {
      await this.auth.login(email.trim(), password);
      await this.router.navigateByUrl('/conversations');
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.pending.set(false);
    }
  }
}

/** Human-readable text for a failed sign-in; the API's own message when it sent one. */
export function errorMessage(err: unknown): string {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0) return 'Cannot reach the Parley server. Check your connection and try again.';
    const body = err.error as Partial<ApiError> | null;
    if (body && typeof body.message === 'string' && body.message.length > 0) return body.message;
    if (err.status === 401) return 'Wrong email or password';
  }
  return 'Sign-in failed. Please try again.';
}
