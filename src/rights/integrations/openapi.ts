/**
 * The OpenAPI 3.1 document of the rights API, generated from the same zod schemas the routes
 * validate with (JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 */
import { z } from 'zod';
import {
  errorBody,
  newRequestBody,
  objectionDecisionBody,
  openRequestList,
  reasonsBody,
  requestView,
  staffNewRequestBody,
} from './rights-api.ts';

const schema = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' });
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const error = (description: string) => ({ description, ...json('Error') });
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};
const staffOp = (operationId: string, summary: string, extra: object = {}) => ({
  operationId,
  summary,
  tags: ['staff'],
  security: [{ staffToken: [] }],
  parameters: [idParam],
  responses: {
    '200': { description: 'The request after the action', ...json('Request') },
    '400': error('Invalid input'),
    '401': error('No staff token'),
    '403': error('Wrong staff token'),
    '404': error('No such request'),
    '409': error('Not allowed in the request’s state (e.g. an extension after the first month)'),
  },
  ...extra,
});

export function openApiDocument(serverUrl: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Custodian data-subject rights API',
      version: '1.0.0',
      // The software's licence (package.json), which is what a generated client's header states.
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Requests under GDPR Art. 15–21: answered within one month of receipt, extended by two ' +
        'further months only with reasons sent within the first month, refused only with reasons ' +
        'and the complaint route (Office of the Data Protection Ombudsman).',
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'requests', description: 'A customer’s own requests (session cookie)' },
      { name: 'staff', description: 'The request queue and staff decisions (staff API token)' },
      { name: 'webhooks', description: 'Shopify’s mandatory privacy webhooks (HMAC-signed)' },
    ],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'hs_session' },
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            "A staff member's personal API token (`cst_…`), made and revoked at /staff/tokens: it acts with its holder's roles, each route needs the permission docs/staff.md lists, and every call is audited. `STAFF_API_TOKEN` is a bootstrap token, off unless configured.",
        },
        shopifyHmac: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Shopify-Hmac-Sha256',
          description: 'base64 HMAC-SHA256 of the raw body under the shared webhook secret',
        },
      },
      schemas: {
        NewRequest: schema(newRequestBody, 'input'),
        StaffNewRequest: schema(staffNewRequestBody, 'input'),
        Reasons: schema(reasonsBody, 'input'),
        Request: schema(requestView, 'output'),
        OpenRequests: schema(openRequestList, 'output'),
        Error: schema(errorBody, 'output'),
        ObjectionDecision: schema(objectionDecisionBody, 'input'),
      },
    },
    paths: {
      '/api/rights/requests': {
        post: {
          operationId: 'createRequest',
          summary: 'Make a request (signed in, or by email address)',
          tags: ['requests'],
          security: [{ session: [] }, {}],
          requestBody: { required: true, ...json('NewRequest') },
          responses: {
            '201': { description: 'Received', ...json('Request') },
            '400': error('Unknown request type or invalid input'),
          },
        },
        get: {
          operationId: 'listMyRequests',
          summary: 'The signed-in customer’s requests',
          tags: ['requests'],
          security: [{ session: [] }],
          responses: {
            '200': { description: 'Requests, newest first' },
            '401': error('Not signed in'),
          },
        },
      },
      '/api/rights/requests/{id}': {
        get: {
          operationId: 'getMyRequest',
          summary: 'One of the signed-in customer’s requests',
          tags: ['requests'],
          security: [{ session: [] }],
          parameters: [idParam],
          responses: {
            '200': { description: 'The request', ...json('Request') },
            '404': error('Missing, or not the customer’s own: answered alike'),
          },
        },
      },
      '/api/rights/requests/{id}/export': {
        get: {
          operationId: 'downloadMyExport',
          summary: 'The finished access or portability package, as a ZIP (Art. 15(1)–(3), Art. 20)',
          tags: ['requests'],
          security: [{ session: [] }],
          parameters: [idParam],
          responses: {
            '200': {
              description:
                'A ZIP: data.json (every registered module’s rows by data category), ' +
                'csv/<module>.<category>.csv (RFC 4180, UTF-8 with BOM), and for access ' +
                'summary.html (every item of Art. 15(1)–(2) in the customer’s language). ' +
                'Portability holds only the data the customer provided. ' +
                'Content-Disposition names the file.',
              headers: {
                'Content-Disposition': {
                  schema: {
                    type: 'string',
                    example: 'attachment; filename="my-data-2026-11-25.zip"',
                  },
                },
              },
              content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
            },
            '404': error(
              'Missing, not the customer’s own, not finished, or erased: answered alike',
            ),
          },
        },
      },
      '/api/staff/rights/requests': {
        get: {
          operationId: 'listOpenRequests',
          summary: 'Open requests, most urgent first',
          tags: ['staff'],
          security: [{ staffToken: [] }],
          responses: {
            '200': { description: 'Open requests with due dates', ...json('OpenRequests') },
            '401': error('No staff token'),
            '403': error('Wrong staff token'),
          },
        },
        post: {
          operationId: 'enterStaffRequest',
          summary: 'Enter a request received by email or letter',
          tags: ['staff'],
          security: [{ staffToken: [] }],
          requestBody: { required: true, ...json('StaffNewRequest') },
          responses: {
            '201': { description: 'Received', ...json('Request') },
            '400': error('Invalid input'),
          },
        },
      },
      '/api/staff/rights/requests/{id}': {
        get: staffOp('getStaffRequest', 'One request with its steps and Art. 19 notices'),
      },
      '/api/staff/rights/requests/{id}/details': {
        get: staffOp(
          'getStaffRequestDetails',
          'What the requester wrote: a rectification’s details, opened from the vault',
          {
            responses: {
              '200': {
                description: '{ requestId, kind: "rectification", text }',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: {
                        requestId: { type: 'string', format: 'uuid' },
                        kind: { const: 'rectification' },
                        text: { type: 'string', maxLength: 2000 },
                      },
                      required: ['requestId', 'kind', 'text'],
                    },
                  },
                },
              },
              '401': error('No staff token'),
              '403': error('Wrong staff token'),
              '404': error('No such request, or it has no details'),
            },
          },
        ),
      },
      '/api/staff/rights/requests/{id}/verify': {
        post: staffOp('verifyRequest', 'Identity verified'),
      },
      '/api/staff/rights/requests/{id}/fulfil': {
        post: staffOp(
          'fulfilRequest',
          'Carry the request out (a rectification: the correction is made)',
        ),
      },
      '/api/staff/rights/requests/{id}/extend': {
        post: staffOp('extendRequest', 'Extend by two months, with reasons (Art. 12(3))', {
          requestBody: { required: true, ...json('Reasons') },
        }),
      },
      '/api/staff/rights/requests/{id}/refuse': {
        post: staffOp('refuseRequest', 'Refuse, with reasons (Art. 12(4))', {
          requestBody: { required: true, ...json('Reasons') },
        }),
      },
      ...restrictionPaths(),
      ...Object.fromEntries(
        (
          [
            [
              'customers/data_request',
              'shopifyCustomerDataRequest',
              'Access request for a customer',
            ],
            ['customers/redact', 'shopifyCustomerRedact', 'Erasure request for a customer'],
            ['shop/redact', 'shopifyShopRedact', 'Acknowledged and logged; left for staff'],
          ] as const
        ).map(([topic, operationId, summary]) => [
          `/webhooks/shopify/${topic}`,
          {
            post: {
              operationId,
              summary,
              tags: ['webhooks'],
              security: [{ shopifyHmac: [] }],
              requestBody: { required: true, content: { 'application/json': { schema: {} } } },
              responses: {
                '200': { description: 'Accepted' },
                '400': error('Malformed body'),
                '401': error('Missing or wrong signature'),
              },
            },
          },
        ]),
      ),
    },
  };
}

/** Restriction (Art. 18) and objection (Art. 21): restrictions.routes.ts. */
function restrictionPaths(): object {
  const customerParam = { ...idParam, description: 'The customer id' };
  const staffCustomerOp = (operationId: string, summary: string, conflict?: string) => ({
    operationId,
    summary,
    tags: ['staff'],
    security: [{ staffToken: [] }],
    parameters: [customerParam],
    responses: {
      '200': {
        description: 'The restriction: `restricted`, `since`, `requestId`, `liftNoticeSentAt`',
      },
      '401': error('No staff token'),
      '403': error('Wrong staff token'),
      '404': error('No such customer, or no restriction holds'),
      ...(conflict ? { '409': error(conflict) } : {}),
    },
  });
  return {
    '/api/staff/customers/{id}/restriction': {
      get: staffCustomerOp(
        'getRestriction',
        'Whether processing of the customer’s data is restricted (Art. 18)',
      ),
    },
    '/api/staff/customers/{id}/restriction/lift-notice': {
      post: staffCustomerOp(
        'sendRestrictionLiftNotice',
        'Email the customer that the restriction will be lifted (Art. 18(3))',
      ),
    },
    '/api/staff/customers/{id}/restriction/lift': {
      post: staffCustomerOp(
        'liftRestriction',
        'Lift the restriction',
        'The customer has not been sent the lift notice yet',
      ),
    },
    '/api/staff/rights/requests/{id}/objection': {
      get: {
        ...staffOp('getObjection', 'What an objection objects to, and the decision'),
        responses: {
          '200': { description: '`scope`, `purposes`, `decision`, `decidedAt`, `answeredAt`' },
          '404': error('No such objection'),
        },
      },
    },
    '/api/staff/rights/requests/{id}/decide': {
      post: {
        ...staffOp(
          'decideObjection',
          'Decide an objection on other grounds, with reasons (Art. 21(1))',
          {
            requestBody: { required: true, ...json('ObjectionDecision') },
          },
        ),
        responses: {
          '200': {
            description: '`{ request, objection }` after the decision; the person is sent it',
          },
          '400': error('Invalid input'),
          '404': error('No such request'),
          '409': error('Not an objection on other grounds, not verified, or already decided'),
          '503': error('Recorded, but the answer could not be sent: decide the same way again'),
        },
      },
    },
  };
}
