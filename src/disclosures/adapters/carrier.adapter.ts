/**
 * Carriers (Posti, DB Schenker, Budbee): book a shipment and get a tracking id. Every booking
 * goes through the disclosure gate for `order_fulfilment`, so the carrier receives only the
 * fields the manifest lists for it. `CarrierSimulator` stands in for the carriers' booking APIs.
 *
 * @example
 *   const carrier = createCarrierAdapter(gate, new CarrierSimulator());
 *   const { trackingId } = await carrier.book('posti', pseudonym, shipment);
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../kit/errors.ts';
import type { Carrier } from '../../shop/delivery.ts';
import type { DisclosureGate } from '../disclosure-gate.ts';

export interface ShipmentAddress {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface Parcel {
  orderReference: string;
  items: number;
  weightGrams: number;
}

/** The wire shape of a booking; field names are the manifest's `fields`. */
export interface ShipmentPayload {
  name: string;
  address: ShipmentAddress;
  phone?: string | undefined;
  email?: string | undefined;
  parcel: Parcel;
}

export interface Booking {
  carrier: Carrier;
  trackingId: string;
  disclosureId: string;
}

export interface CarrierTransport {
  book(carrier: Carrier, shipment: Partial<ShipmentPayload>): Promise<{ trackingId: string }>;
}

const trackingPrefix: Record<Carrier, string> = { posti: 'JJFI', db_schenker: 'DBS', budbee: 'BB' };

/** Behaves like the booking APIs: refuses a shipment without name, address or parcel. */
export class CarrierSimulator implements CarrierTransport {
  readonly bookings: {
    carrier: Carrier;
    shipment: Partial<ShipmentPayload>;
    trackingId: string;
  }[] = [];

  async book(carrier: Carrier, shipment: Partial<ShipmentPayload>) {
    if (!shipment.name || !shipment.address || !shipment.parcel) {
      throw new ValidationError('The carrier needs a name, an address and a parcel.');
    }
    if (!/^\d{5}$/.test(shipment.address.postalCode)) {
      throw new ValidationError('The carrier needs a five-digit postal code.');
    }
    // The same order booked again gets the same tracking id, as the carriers' idempotent APIs do.
    const digest = createHash('sha256')
      .update(`${carrier}:${shipment.parcel.orderReference}`)
      .digest();
    const digits = String(digest.readUInt32BE(0)).padStart(10, '0');
    const trackingId = `${trackingPrefix[carrier]}${digits}`;
    this.bookings.push({ carrier, shipment, trackingId });
    return { trackingId };
  }
}

export interface CarrierAdapter {
  book(carrier: Carrier, subject: string, shipment: ShipmentPayload): Promise<Booking>;
}

export function createCarrierAdapter(
  gate: DisclosureGate,
  transport: CarrierTransport,
): CarrierAdapter {
  return {
    book: (carrier, subject, shipment) =>
      gate.disclose(
        { recipient: carrier, purpose: 'order_fulfilment', subject, payload: shipment },
        async ({ fields, disclosureId }) => {
          const { trackingId } = await transport.book(carrier, fields);
          return { carrier, trackingId, disclosureId };
        },
      ),
  };
}
