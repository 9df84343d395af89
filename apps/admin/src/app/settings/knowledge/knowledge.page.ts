import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-settings-knowledge',
  template: `<h1>KnowledgePage</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KnowledgePage {}
