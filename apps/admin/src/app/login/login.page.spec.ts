import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { AuthResult, MeView } from '@parley/contracts';
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
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(LoginPage);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

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

  it('shows the product name and the demo credentials hint', () => {
    expect(el.textContent).toContain('Parley');
    expect(el.textContent).toContain('Demo: admin@acme.test / parley-demo');
  });

  it('posts the credentials, loads the profile and navigates to /conversations', async () => {
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
    fill('admin@acme.test', 'wrong');
    submit();

    http
      .expectOne('/api/v1/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await settle();
    await fixture.whenStable();

    expect(el.querySelector('[role=alert]')?.textContent).toContain('Wrong email or password');
    expect(navigate).not.toHaveBeenCalled();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(button().disabled).toBe(false);
  });

  it('does not call the API when a field is empty', async () => {
    fill('admin@acme.test', '');
    submit();
    await fixture.whenStable();

    http.expectNone('/api/v1/auth/login');
    expect(el.textContent).toContain('Enter your password.');
  });
});
