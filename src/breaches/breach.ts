/** A breach as the register holds it (domain type; the service builds it from a row). */
import type { ConsequenceCode, MeasureCode } from './breach-codes.ts';
import type { BreachNature, BreachRisk } from './breaches.tables.ts';

export interface Breach {
  id: string;
  nature: BreachNature;
  description: string;
  occurredAt: Date | null;
  discoveredAt: Date;
  recordedAt: Date;
  categories: string[];
  approxPeople: number;
  approxRecords: number;
  consequences: ConsequenceCode[];
  consequencesText: string;
  measures: MeasureCode[];
  measuresText: string;
  risk: BreachRisk;
  assessment: string;
  delayReason: string | null;
  authorityNotifiedAt: Date | null;
  authorityReference: string | null;
  peopleNotified: number;
  peopleUnreachable: number;
  recordedBy: string;
}
