import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-settings-dead-letters',
  template: `<h1>DeadLettersPage</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeadLettersPage {}
