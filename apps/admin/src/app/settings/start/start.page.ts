import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-settings-start',
  template: `<h1>StartPage</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StartPage {}
