import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { provideHttpClient } from '@angular/common/http';
import { authGuard } from './auth.guard';
import { TOKEN_STORAGE_KEY } from './auth.service';

describe('authGuard', () => {
  function runGuard(token: string | null) {
    localStorage.clear();
    if (token) localStorage.setItem(TOKEN_STORAGE_KEY, token);
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
    return TestBed.runInInjectionContext(() => authGuard({} as ActivatedRouteSnapshot, { url: '/conversations' } as RouterStateSnapshot));
  }

  it('redirects to /login when there is no token', () => {
    const result = runGuard(null);

    expect(result).toBeInstanceOf(UrlTree);
    expect(TestBed.inject(Router).serializeUrl(result as UrlTree)).toBe('/login');
  });

  it('lets a signed-in operator through', () => {
    expect(runGuard('tok-abc')).toBe(true);
  });
});
