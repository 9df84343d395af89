import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-settings-campaigns',
  template: `<h1>CampaignsPage</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignsPage {}
