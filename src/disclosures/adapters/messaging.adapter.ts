/**
 * Text messages through partners: WhatsApp delivery notices (recipient `whatsapp`, purpose
 * `delivery_notices`) and SMS marketing (recipient `sms_partner`, purpose `sms_marketing`). Each
 * message passes the disclosure gate, so the partner receives only `phone` and `message`.
 * Whether the customer chose WhatsApp or consented to SMS marketing is the caller's check.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../kit/errors.ts';
import type { DisclosureGate } from '../disclosure-gate.ts';

export type MessagingChannel = 'whatsapp' | 'sms_partner';

export interface MessagePayload {
  /** E.164, e.g. +358401234567. */
  phone: string;
  message: string;
}

export interface MessagingTransport {
  send(channel: MessagingChannel, message: Partial<MessagePayload>): Promise<{ messageId: string }>;
}

const purposeOf: Record<MessagingChannel, string> = {
  whatsapp: 'delivery_notices',
  sms_partner: 'sms_marketing',
};

/** Accepts what the partners' APIs accept: an E.164 number and 1–1000 characters of text. */
export class MessagingSimulator implements MessagingTransport {
  readonly sent: {
    channel: MessagingChannel;
    message: Partial<MessagePayload>;
    messageId: string;
  }[] = [];

  async send(channel: MessagingChannel, message: Partial<MessagePayload>) {
    if (!message.phone || !/^\+[1-9]\d{6,14}$/.test(message.phone)) {
      throw new ValidationError(
        'The phone number must be in international form, like +358401234567.',
      );
    }
    if (!message.message || message.message.length > 1000) {
      throw new ValidationError('A message has 1 to 1000 characters.');
    }
    const messageId = `${channel === 'whatsapp' ? 'wamid' : 'sms'}_${createHash('sha256')
      .update(`${channel}:${this.sent.length}:${message.message}`)
      .digest('hex')
      .slice(0, 16)}`;
    this.sent.push({ channel, message, messageId });
    return { messageId };
  }
}

export interface MessagingAdapter {
  send(
    channel: MessagingChannel,
    subject: string,
    message: MessagePayload,
  ): Promise<{ messageId: string; disclosureId: string }>;
}

export function createMessagingAdapter(
  gate: DisclosureGate,
  transport: MessagingTransport,
): MessagingAdapter {
  return {
    send: (channel, subject, message) =>
      gate.disclose(
        { recipient: channel, purpose: purposeOf[channel], subject, payload: message },
        async ({ fields, disclosureId }) => ({
          ...(await transport.send(channel, fields)),
          disclosureId,
        }),
      ),
  };
}
