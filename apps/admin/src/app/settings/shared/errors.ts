import { HttpErrorResponse } from '@angular/common/http';

/** The API's message for a failed call (a 400's field errors joined), or `fallback`. */
export function apiError(err: unknown, fallback = 'Something went wrong'): string {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0) return 'The server cannot be reached. Check your connection and try again.';
    if (err.status === 403) return 'Only an admin can do this.';
    const body = err.error as { message?: string | string[]; details?: { field: string; errors: string[] }[] } | null;
    const details = body?.details?.flatMap((d) => d.errors).join('; ');
    const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
    return details || message || `${fallback} (${err.status})`;
  }
  return err instanceof Error ? err.message : fallback;
}
