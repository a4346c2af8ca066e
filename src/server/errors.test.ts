import { describe, expect, it } from 'vitest';
import { AutodevopsError } from '../core/errors.ts';
import { asAutodevopsError, errorBody, httpStatus } from './errors.ts';

describe('errors as HTTP responses', () => {
  it('maps codes to statuses: named ones, else 400 for user input and 500 for the system', () => {
    expect(httpStatus(new AutodevopsError('ADO_RUN_NOT_FOUND', 'x'))).toBe(404);
    expect(httpStatus(new AutodevopsError('ADO_RUN_STATE', 'x'))).toBe(409);
    expect(httpStatus(new AutodevopsError('ADO_INPUT_INVALID', 'x'))).toBe(400);
    expect(httpStatus(new AutodevopsError('ADO_STORE_CORRUPT', 'x'))).toBe(500);
  });

  it('hides unexpected errors behind ADO_INTERNAL', () => {
    const error = asAutodevopsError(new Error('secret internals'));
    expect(errorBody(error).error).toMatchObject({ code: 'ADO_INTERNAL', message: 'the server failed to handle this request', diagnostics: [] });
    expect(httpStatus(error)).toBe(500);
  });
});
