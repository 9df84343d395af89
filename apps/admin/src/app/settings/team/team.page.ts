import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-settings-team',
  template: `<h1>TeamPage</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamPage {}
