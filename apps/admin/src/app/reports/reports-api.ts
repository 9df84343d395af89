import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AssistantReport, ConversationVolumeReport, DeliveryReport, DraftReport } from '@parley/contracts';
import { firstValueFrom } from 'rxjs';

/** `from` inclusive, `to` exclusive, as `YYYY-MM-DD`: midnight in the workspace's time zone (the server's rule). */
export interface DayRange {
  from: string;
  to: string;
}

const BASE = '/api/v1/reports';

/** The report endpoints (readable by admins and operators). */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  private get<T>(path: string, range: DayRange, extra: Record<string, string | number> = {}): Promise<T> {
    let params = new HttpParams().set('from', range.from).set('to', range.to);
    for (const [k, v] of Object.entries(extra)) params = params.set(k, v);
    return firstValueFrom(this.http.get<T>(`${BASE}/${path}`, { params }));
  }

  conversations(range: DayRange): Promise<ConversationVolumeReport> {
    return this.get('conversations', range);
  }
  assistant(range: DayRange): Promise<AssistantReport> {
    return this.get('assistant', range, { limit: 20 });
  }
  drafts(range: DayRange): Promise<DraftReport> {
    return this.get('drafts', range);
  }
  delivery(range: DayRange): Promise<DeliveryReport> {
    return this.get('delivery', range);
  }
}
