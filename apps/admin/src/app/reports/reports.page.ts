import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-reports-page',
  template: `<h1>Reports</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {}
