/** An AuditTrail that keeps what it is given, so a test can assert exactly what was recorded. */
import type { AuditEvent, AuditTrail } from '../../src/core/audit-trail.ts';

export class RecordingAudit implements AuditTrail {
  readonly events: AuditEvent[] = [];
  record(event: AuditEvent): Promise<void> {
    this.events.push(event);
    return Promise.resolve();
  }
  actions(): string[] {
    return this.events.map((e) => e.action);
  }
  clear(): void {
    this.events.length = 0;
  }
}
