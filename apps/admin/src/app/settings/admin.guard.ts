import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from '../auth/auth.service';

/**
 * Admin-only settings pages: operators are sent to the page they may use (the knowledge base, read
 * only) instead of a page of 403s. After a reload only the token survives, so the profile is fetched first.
 */
export const adminGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const user = auth.user() ?? (await auth.loadMe().catch(() => null));
  if (!user) return router.createUrlTree(['/login']);
  return user.role === 'admin' ? true : router.createUrlTree(['/settings/knowledge']);
};
