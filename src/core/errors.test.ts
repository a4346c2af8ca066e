import { describe, expect, it } from 'vitest';
import { AutodevopsError, errorCatalogue, formatDiagnostic, isAutodevopsError } from './errors.ts';

describe('error catalogue', () => {
  it('gives user-input errors exit code 2 and system errors exit code 1', () => {
    expect(new AutodevopsError('ADO_WORKFLOW_INVALID', 'bad').exitCode).toBe(2);
    expect(new AutodevopsError('ADO_STORE_CORRUPT', 'bad').exitCode).toBe(1);
  });

  it('uses the catalogue hint unless one is given', () => {
    const e = new AutodevopsError('ADO_RUN_NOT_FOUND', 'no run x');
    expect(e.hint).toBe(errorCatalogue.ADO_RUN_NOT_FOUND.hint);
    expect(new AutodevopsError('ADO_RUN_NOT_FOUND', 'x', { hint: 'h' }).hint).toBe('h');
  });

  it('is recognised by brand, not by class identity', () => {
    const e = new AutodevopsError('ADO_USAGE', 'x');
    expect(isAutodevopsError(e)).toBe(true);
    expect(isAutodevopsError(Object.assign(new Error('x'), { code: 'ADO_USAGE' }))).toBe(false);
    expect(isAutodevopsError(null)).toBe(false);
  });

  it('formats diagnostics as file:line:col: message', () => {
    expect(formatDiagnostic({ location: { file: 'a.yml', line: 3, column: 7 }, message: 'boom' })).toBe('a.yml:3:7: boom');
  });

  it('serialises to JSON with code, hint and diagnostics', () => {
    const d = { location: { file: 'a.yml', line: 1, column: 1 }, message: 'm' };
    expect(JSON.parse(JSON.stringify(new AutodevopsError('ADO_WORKFLOW_INVALID', 'bad', { diagnostics: [d] })))).toEqual({
      code: 'ADO_WORKFLOW_INVALID', category: 'user-input', message: 'bad', hint: errorCatalogue.ADO_WORKFLOW_INVALID.hint, diagnostics: [d],
    });
  });
});
