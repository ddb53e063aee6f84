/** What `services.processing` holds: restriction (Art. 18) and objection (Art. 21) at work. */
import type { ObjectionService } from '../objection/objections.service.ts';
import type { ProcessingStops } from './processing-stops.ts';
import type { RestrictionService } from './restrictions.service.ts';

export interface ProcessingServices {
  /** What is stopped per customer; the consent and disclosure gates ask it. */
  stops: ProcessingStops;
  /** The restriction's state, the notice before lifting, lifting (staff). */
  restrictions: RestrictionService;
  /** Staff decisions on objections on other grounds. */
  objections: ObjectionService;
}
