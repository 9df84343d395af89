import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-settings-assistant',
  template: `<h1>AssistantPage</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssistantPage {}
