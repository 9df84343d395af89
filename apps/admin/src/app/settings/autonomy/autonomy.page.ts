import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-settings-autonomy',
  template: `<h1>AutonomyPage</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AutonomyPage {}
