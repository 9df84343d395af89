import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import type { AuthResult, MeView, SetupStatus } from '@parley/contracts';
import { firstValueFrom } from 'rxjs';

export const TOKEN_STORAGE_KEY = 'parley.token';

/** Signed-in operator session: the access token (persisted) and the current user's profile. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);

  private readonly tokenState = signal<string | null>(readStoredToken());
  private readonly userState = signal<MeView | null>(null);

  readonly token = this.tokenState.asReadonly();
  readonly user = this.userState.asReadonly();
  readonly isAuthenticated = computed(() => this.tokenState() !== null);

  /** Exchanges credentials for a token, then loads the operator's profile. Rejects with the HTTP error. */
  async login(email: string, password: string): Promise<MeView> {
    const result = await firstValueFrom(this.http.post<AuthResult>('/api/v1/auth/login', { email, password }));
    this.setToken(result.accessToken);
    try {
      return await this.loadMe();
    } catch (err) {
      this.logout();
      throw err;
    }
  }

  /** Whether the server still waits for its first admin, and whether it has the demo seeded (public). */
  setupStatus(): Promise<SetupStatus> {
    return firstValueFrom(this.http.get<SetupStatus>('/api/v1/setup'));
  }

  /** Creates the first admin with the server's one-time setup token, then signs in as them. */
  async setup(body: { token: string; workspaceName: string; name: string; email: string; password: string }): Promise<MeView> {
    const result = await firstValueFrom(this.http.post<AuthResult>('/api/v1/setup', body));
    this.setToken(result.accessToken);
    return this.loadMe();
  }

  /** Fetches `/api/v1/me` with the current token (added by the auth interceptor). */
  async loadMe(): Promise<MeView> {
    const me = await firstValueFrom(this.http.get<MeView>('/api/v1/me'));
    this.userState.set(me);
    return me;
  }

  logout(): void {
    this.setToken(null);
    this.userState.set(null);
  }

  private setToken(token: string | null): void {
    this.tokenState.set(token);
    try {
      if (token) localStorage.setItem(TOKEN_STORAGE_KEY, token);
      else localStorage.removeItem(TOKEN_STORAGE_KEY);
    } catch {
      // Storage may be unavailable (private mode, disabled cookies); the session then lasts for this tab only.
    }
  }
}

function readStoredToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}
