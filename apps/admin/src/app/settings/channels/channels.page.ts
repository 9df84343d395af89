import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-settings-channels',
  template: `<h1>ChannelsPage</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelsPage {}
