import { DatabaseSync } from 'node:sqlite';
import { expect, it } from 'vitest';
import { errcode, extendedCode } from './sqlite-errors.ts';

it('reads the SQLite result code of an error, 0 for other errors', () => {
  const db = new DatabaseSync(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  db.exec('INSERT INTO t VALUES (1)');
  let caught: unknown;
  try {
    db.exec('INSERT INTO t VALUES (1)');
  } catch (error) {
    caught = error;
  }
  expect(errcode(caught)).toBe(extendedCode.primaryKey);
  expect(errcode(new Error('x'))).toBe(0);
  expect(errcode(null)).toBe(0);
});
