import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authInterceptor } from './auth.interceptor';
import { AuthService, TOKEN_STORAGE_KEY } from './auth.service';

describe('authInterceptor', () => {
  let http: HttpClient;
  let controller: HttpTestingController;

  function setup(token: string | null): void {
    localStorage.clear();
    if (token) localStorage.setItem(TOKEN_STORAGE_KEY, token);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
  }

  afterEach(() => controller.verify());

  it('adds the bearer token to /api/ requests', () => {
    setup('tok-abc');
    http.get('/api/v1/me').subscribe();

    const req = controller.expectOne('/api/v1/me');
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok-abc');
    req.flush({});
  });

  it('does not add the token to other URLs', () => {
    setup('tok-abc');
    http.get('/health').subscribe();
    http.get('https://example.com/api/v1/me').subscribe();
    http.get('/apiary').subscribe();

    for (const url of ['/health', 'https://example.com/api/v1/me', '/apiary']) {
      const req = controller.expectOne(url);
      expect(req.request.headers.has('Authorization')).toBe(false);
      req.flush({});
    }
  });

  it('sends no Authorization header when signed out', () => {
    setup(null);
    http.get('/api/v1/me').subscribe({ error: () => undefined });

    const req = controller.expectOne('/api/v1/me');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({});
  });

  it('signs out and goes to /login when the API rejects the token', () => {
    setup('tok-expired');
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const errors: unknown[] = [];
    http.get('/api/v1/me').subscribe({ error: (e: unknown) => errors.push(e) });

    controller.expectOne('/api/v1/me').flush({ statusCode: 401, error: 'Unauthorized', message: 'Invalid token' }, { status: 401, statusText: 'Unauthorized' });

    expect(errors).toHaveLength(1);
    expect(TestBed.inject(AuthService).token()).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login');
  });
});
