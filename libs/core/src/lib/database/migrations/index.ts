import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121130014 } from './Migration20261121130014';
import { Migration20261121134320 } from './Migration20261121134320';
import { Migration20261121151413 } from './Migration20261121151413';
import { Migration20261121160000 } from './Migration20261121160000';
import { Migration20261121160100 } from './Migration20261121160100';
import { Migration20261121172829 } from './Migration20261121172829';
import { Migration20261121183000 } from './Migration20261121183000';
import { Migration20261121184500 } from './Migration20261121184500';
import { Migration20261204195242 } from './Migration20261204195242';
import { Migration20261204195915 } from './Migration20261204195915';
import { Migration20261204210000 } from './Migration20261204210000';
import { Migration20261204230000 } from './Migration20261204230000';
import { Migration20261205100000 } from './Migration20261205100000';
import { Migration20261207190000 } from './Migration20261207190000';
import { Migration20261207200000 } from './Migration20261207200000';
import { Migration20261207210000 } from './Migration20261207210000';
import { Migration20261207220000 } from './Migration20261207220000';
import { Migration20261207230000 } from './Migration20261207230000';
import { Migration20261207233000 } from './Migration20261207233000';
import { Migration20261207234000 } from './Migration20261207234000';

/** Listed explicitly (the bundle cannot glob); append new migrations in order. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121130014', class: Migration20261121130014 },
  // Ingest and delivery: the provider status log, the send-attempt marker, inbound media awaiting download.
  { name: 'Migration20261121134320', class: Migration20261121134320 },
  // The assistant: delayed outbox rows, the per-conversation turn cursor, SLA priority, knowledge gaps.
  { name: 'Migration20261121151413', class: Migration20261121151413 },
  // Reports: workspace + creation-time indexes (partial on timeline_event and message).
  { name: 'Migration20261121160000', class: Migration20261121160000 },
  // Conversation list: status and archived carried by the assignee and channel indexes.
  { name: 'Migration20261121160100', class: Migration20261121160100 },
  // Unfiltered conversation counts kept by triggers (sharded), instead of counting a workspace per request.
  { name: 'Migration20261121172829', class: Migration20261121172829 },
  // The counters also keyed by channel, channel account and assignee (only unassigned ones sharded).
  { name: 'Migration20261121183000', class: Migration20261121183000 },
  // Each conversation's search document (every word of its messages), kept by triggers on message.
  { name: 'Migration20261121184500', class: Migration20261121184500 },
  // Attachment files to delete (kept by a trigger on attachment), and the unattached-upload sweep's index.
  { name: 'Migration20261204195242', class: Migration20261204195242 },
  // One-time setup links for the first admin (production starts without the demo).
  { name: 'Migration20261204195915', class: Migration20261204195915 },
  // The reconciler: outbox rows naming their job's id, and the indexes that find work Redis lost.
  { name: 'Migration20261204210000', class: Migration20261204210000 },
  // Search that finds what people type (accents folded, prefixes, stems), and the reply state filter's index.
  { name: 'Migration20261204230000', class: Migration20261204230000 },
  // Drafts keep the text sent on approval (`sentBody`).
  { name: 'Migration20261205100000', class: Migration20261205100000 },
  // Read markers by conversation (the realtime card's per-user unread; cascading deletes).
  { name: 'Migration20261207190000', class: Migration20261207190000 },
  // An operator's Retry of a failed message names it (at most one retry per message).
  { name: 'Migration20261207200000', class: Migration20261207200000 },
  // Email threading: conversations by reference, message recipients, inline parts' Content-ID.
  { name: 'Migration20261207210000', class: Migration20261207210000 },
  // Channel listeners (IMAP): their state on the account, and their durable positions.
  { name: 'Migration20261207220000', class: Migration20261207220000 },
  // The card's delivery failure mark kept on the conversation.
  { name: 'Migration20261207230000', class: Migration20261207230000 },
  // Hard bounces mark an address undeliverable.
  { name: 'Migration20261207233000', class: Migration20261207233000 },
  // Campaigns keep whom they skipped.
  { name: 'Migration20261207234000', class: Migration20261207234000 },
];
