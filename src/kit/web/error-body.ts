/** What every error response carries, as JSON or on the error page. */
import type { ErrorCode } from '../errors.ts';

export interface ErrorBody {
  status: number;
  code: ErrorCode | 'internal';
  message: string;
  fields?: Record<string, string>;
}
