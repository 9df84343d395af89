import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { AuthResult, MeView } from '@parley/contracts';
import { authInterceptor } from '../auth/auth.interceptor';
import { TOKEN_STORAGE_KEY } from '../auth/auth.service';
import { SetupPage } from './setup.page';

const user: MeView = {
  id: 'u1',
  email: 'owner@plumbing.test',
  name: 'Olivia Owner',
  role: 'admin',
  workspaceId: 'w1',
  createdAt: '2026-01-01T00:00:00.000Z',
  workspace: { id: 'w1', name: 'Bright Plumbing', timezone: 'UTC' },
};

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('SetupPage', () => {
  let fixture: ComponentFixture<SetupPage>;
  let http: HttpTestingController;
  let navigate: jest.SpyInstance;
  let el: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [SetupPage],
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(SetupPage);
    el = fixture.nativeElement as HTMLElement;
  });

  afterEach(() => http.verify());

  const input = (id: string, value: string) => {
    const field = el.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };
  const fill = () => {
    input('setup-workspace', 'Bright Plumbing');
    input('setup-name', 'Olivia Owner');
    input('setup-email', 'owner@plumbing.test');
    input('setup-password', 'a long enough password');
  };
  const button = () => el.querySelector<HTMLButtonElement>('button[type=submit]') as HTMLButtonElement;

  it("posts the form with the link's token, signs in and opens the conversations", async () => {
    fixture.componentRef.setInput('token', 'tok-from-link');
    await fixture.whenStable();
    fill();
    button().click();
    const req = http.expectOne('/api/v1/setup');
    expect(req.request.body).toEqual({
      token: 'tok-from-link',
      workspaceName: 'Bright Plumbing',
      name: 'Olivia Owner',
      email: 'owner@plumbing.test',
      password: 'a long enough password',
    });
    req.flush({ accessToken: 'tok-123', user } satisfies AuthResult);
    await settle();
    http.expectOne('/api/v1/me').flush(user);
    await settle();
    expect(navigate).toHaveBeenCalledWith('/conversations');
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('tok-123');
  });

  it("shows the server's reason when the link is expired", async () => {
    fixture.componentRef.setInput('token', 'old');
    await fixture.whenStable();
    fill();
    button().click();
    http
      .expectOne('/api/v1/setup')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'This setup link is invalid or expired' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    await fixture.whenStable();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('invalid or expired');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('without a token says where the link comes from and cannot submit', async () => {
    await fixture.whenStable();
    expect(el.textContent).toContain('one-time link the server printed');
    expect(button().disabled).toBe(true);
  });
});
