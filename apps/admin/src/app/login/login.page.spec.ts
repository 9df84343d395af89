import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { AuthResult, MeView, SetupStatus } from '@parley/contracts';
import { authInterceptor } from '../auth/auth.interceptor';
import { AuthService, TOKEN_STORAGE_KEY } from '../auth/auth.service';
import { LoginPage } from './login.page';

const user: MeView = {
  id: 'u1',
  email: 'admin@acme.test',
  name: 'Ada Admin',
  role: 'admin',
  workspaceId: 'w1',
  createdAt: '2026-01-01T00:00:00.000Z',
  workspace: { id: 'w1', name: 'Acme', timezone: 'Europe/London' },
};

/** Lets promise continuations (await in the component/service) run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('LoginPage', () => {
  let fixture: ComponentFixture<LoginPage>;
  let http: HttpTestingController;
  let navigate: jest.SpyInstance;
  let el: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(LoginPage);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  /** Answers the page's `GET /api/v1/setup` (what this server has: the demo, or no user yet). */
  async function serverIs(status: SetupStatus): Promise<void> {
    const req = http.expectOne('/api/v1/setup');
    expect(req.request.method).toBe('GET');
    req.flush(status);
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  function query<T extends Element>(selector: string): T {
    const found = el.querySelector<T>(selector);
    if (!found) throw new Error(`No element matches ${selector}`);
    return found;
  }

  function fill(email: string, password: string): void {
    const emailInput = query<HTMLInputElement>('input[type=email]');
    const passwordInput = query<HTMLInputElement>('input[type=password]');
    emailInput.value = email;
    emailInput.dispatchEvent(new Event('input'));
    passwordInput.value = password;
    passwordInput.dispatchEvent(new Event('input'));
  }

  const button = () => query<HTMLButtonElement>('button[type=submit]');
  const submit = () => button().click();

  it('shows the demo login when the server has the demo seeded', async () => {
    await serverIs({ required: false, demo: true });
    expect(el.textContent).toContain('Parley');
    expect(el.textContent).toContain('Demo: admin@acme.test / parley-demo');
    expect(el.textContent).not.toContain('No admin yet');
  });

  it('shows no demo login on a server without the demo (production)', async () => {
    await serverIs({ required: false, demo: false });
    expect(el.textContent).toContain('Sign in to your workspace');
    expect(el.textContent).not.toContain('parley-demo');
    expect(el.textContent).not.toContain('admin@acme.test');
    expect(el.textContent).not.toContain('No admin yet');
  });

  it('points to the setup link and create-admin when the server has no user yet', async () => {
    await serverIs({ required: true, demo: false });
    expect(el.textContent).toContain('No admin yet');
    expect(el.textContent).toContain('setup link');
    expect(el.textContent).toContain('create-admin');
    expect(el.textContent).not.toContain('parley-demo');
  });

  it('shows no hint when the server cannot say', async () => {
    http.expectOne('/api/v1/setup').flush(null, { status: 0, statusText: 'Unknown Error' });
    await settle();
    await fixture.whenStable();
    expect(el.textContent).not.toContain('parley-demo');
    expect(el.textContent).not.toContain('No admin yet');
    expect(button().disabled).toBe(false);
  });

  it('posts the credentials, loads the profile and navigates to /conversations', async () => {
    await serverIs({ required: false, demo: true });
    fill('admin@acme.test', 'parley-demo');
    submit();
    await fixture.whenStable();

    const login = http.expectOne('/api/v1/auth/login');
    expect(login.request.method).toBe('POST');
    expect(login.request.body).toEqual({ email: 'admin@acme.test', password: 'parley-demo' });
    expect(login.request.headers.has('Authorization')).toBe(false);
    expect(button().disabled).toBe(true);

    login.flush({ accessToken: 'tok-123', user } satisfies AuthResult);
    await settle();

    const me = http.expectOne('/api/v1/me');
    expect(me.request.method).toBe('GET');
    expect(me.request.headers.get('Authorization')).toBe('Bearer tok-123');
    me.flush(user);
    await settle();
    await fixture.whenStable();

    expect(navigate).toHaveBeenCalledWith('/conversations');
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('tok-123');
    expect(TestBed.inject(AuthService).user()).toEqual(user);
    expect(button().disabled).toBe(false);
  });

  it('shows the API error message on 401 and stays on the page', async () => {
    await serverIs({ required: false, demo: false });
    fill('admin@acme.test', 'wrong');
    submit();

    http
      .expectOne('/api/v1/auth/login')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    await fixture.whenStable();

    expect(el.querySelector('[role=alert]')?.textContent).toContain('Wrong email or password');
    expect(navigate).not.toHaveBeenCalled();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(button().disabled).toBe(false);
  });

  it('does not call the API when a field is empty', async () => {
    await serverIs({ required: false, demo: false });
    fill('admin@acme.test', '');
    submit();
    await fixture.whenStable();

    http.expectNone('/api/v1/auth/login');
    expect(el.textContent).toContain('Enter your password.');
  });
});
