import { DecimalPipe, NgTemplateOutlet, PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import type { AssistantReport, ConversationVolumeReport, DeliveryReport, DraftReport } from '@parley/contracts';
import type { ChartConfiguration } from 'chart.js';
import { AuthService } from '../auth/auth.service';
import { registerSettingsIcons } from '../settings/settings-icons';
import { apiError } from '../settings/shared/errors';
import { ChartView, PALETTE } from './chart';
import {
  addDays,
  assistantTable,
  deliveryTable,
  draftsTable,
  duration,
  reasonsTable,
  toApiRange,
  toCsv,
  todayIn,
  volumeTable,
  type Table,
} from './report-model';
import { ReportsApi } from './reports-api';

interface Reports {
  volume: ConversationVolumeReport;
  assistant: AssistantReport;
  drafts: DraftReport;
  delivery: DeliveryReport;
}

/** How it is going: volume, the assistant's resolution and escalations, human response times, drafts, delivery. */
@Component({
  selector: 'app-reports-page',
  imports: [DecimalPipe, NgTemplateOutlet, PercentPipe, FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, ChartView],
  templateUrl: './reports.page.html',
  styleUrl: './reports.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {
  private readonly api = inject(ReportsApi);
  private readonly auth = inject(AuthService);
  protected readonly duration = duration;

  protected readonly timezone = computed(() => this.auth.user()?.workspace.timezone ?? 'UTC');
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly data = signal<Reports | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly tables = computed(() => {
    const d = this.data();
    return d
      ? {
          volume: volumeTable(d.volume),
          assistant: assistantTable(d.assistant),
          reasons: reasonsTable(d.assistant),
          drafts: draftsTable(d.drafts),
          delivery: deliveryTable(d.delivery),
        }
      : null;
  });

  protected readonly volumeChart = computed<ChartConfiguration | null>(() => {
    const d = this.data();
    if (!d) return null;
    const channels = Object.keys(d.volume.totals.byChannel).sort();
    return {
      type: 'bar',
      data: {
        labels: d.volume.days.map((x) => x.date.slice(5)),
        datasets: channels.map((c, i) => ({ label: c, data: d.volume.days.map((x) => x.byChannel[c] ?? 0), backgroundColor: PALETTE[i % PALETTE.length] })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    };
  });

  protected readonly reasonsChart = computed<ChartConfiguration | null>(() => {
    const d = this.data();
    if (!d) return null;
    const reasons = d.assistant.escalationReasons.slice(0, 8);
    return {
      type: 'bar',
      data: {
        labels: reasons.map((r) => truncate(r.reason ?? '(none given)', 40)),
        datasets: [{ label: 'Escalations', data: reasons.map((r) => r.count), backgroundColor: PALETTE[2] }],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    };
  });

  protected readonly draftsChart = computed<ChartConfiguration | null>(() => {
    const t = this.tables()?.drafts;
    if (!t) return null;
    const rows = t.rows.slice(0, 5);
    return {
      type: 'doughnut',
      data: {
        labels: rows.map((r) => String(r[0])),
        datasets: [{ data: rows.map((r) => Number(r[1])), backgroundColor: [PALETTE[3], PALETTE[1], PALETTE[4], PALETTE[6], PALETTE[2]] }],
      },
      options: { plugins: { legend: { position: 'right' } } },
    };
  });

  protected readonly deliveryChart = computed<ChartConfiguration | null>(() => {
    const d = this.data();
    if (!d) return null;
    return {
      type: 'bar',
      data: {
        labels: d.delivery.byChannel.map((c) => c.channel),
        datasets: [
          { label: 'Delivered or sent', data: d.delivery.byChannel.map((c) => c.sent - c.failed), backgroundColor: PALETTE[3] },
          { label: 'Failed', data: d.delivery.byChannel.map((c) => c.failed), backgroundColor: PALETTE[4] },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    };
  });

  constructor() {
    registerSettingsIcons();
    void this.init();
  }

  private async init(): Promise<void> {
    if (!this.auth.user()) await this.auth.loadMe().catch(() => undefined);
    const today = todayIn(this.timezone());
    this.to.set(today);
    this.from.set(addDays(today, -29));
    await this.load();
  }

  async load(): Promise<void> {
    if (!this.from() || !this.to() || this.from() > this.to()) {
      this.error.set('Pick a start day on or before the end day.');
      return;
    }
    this.loading.set(true);
    this.error.set(null);
    const range = toApiRange(this.from(), this.to());
    try {
      const [volume, assistant, drafts, delivery] = await Promise.all([
        this.api.conversations(range),
        this.api.assistant(range),
        this.api.drafts(range),
        this.api.delivery(range),
      ]);
      this.data.set({ volume, assistant, drafts, delivery });
    } catch (err) {
      this.error.set(apiError(err, 'The reports could not be loaded'));
    } finally {
      this.loading.set(false);
    }
  }

  protected download(t: Table): void {
    const blob = new Blob([toCsv(t.header, t.rows)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `parley-${t.file}-${this.from()}-to-${this.to()}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
