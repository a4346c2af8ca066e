import { describe, expect, it } from 'vitest';
import { actionMajor, booleanInput, integerInput, multilineInput, noteUnusedInputs, stringInput } from './inputs.ts';

describe('built-in inputs', () => {
  it('reads strings, booleans, numbers and lines as @actions/core does', () => {
    const w = { a: '  x  ', n: 3, t: 'True', f: false, lines: 'one\n\n  two \n', bad: 'yes', neg: '-1' };
    expect(stringInput(w, 'a')).toBe('x');
    expect(stringInput(w, 'missing', 'd')).toBe('d');
    expect(stringInput({ z: null }, 'z', 'd')).toBe('d');
    expect(booleanInput(w, 't', false)).toBe(true);
    expect(booleanInput(w, 'f', true)).toBe(false);
    expect(booleanInput(w, 'missing', true)).toBe(true);
    expect(() => booleanInput(w, 'bad', false)).toThrow('with.bad: "yes" is not a boolean; write true or false');
    expect(integerInput(w, 'n', 1)).toBe(3);
    expect(integerInput(w, 'missing', 1)).toBe(1);
    expect(() => integerInput(w, 'neg', 1)).toThrow('is not a whole number');
    expect(multilineInput(w, 'lines')).toEqual(['one', 'two']);
  });

  it('knows the major version of an action reference', () => {
    expect(actionMajor('actions/upload-artifact@v3')).toBe(3);
    expect(actionMajor('actions/upload-artifact@v4.3.1')).toBe(4);
    expect(actionMajor('actions/upload-artifact@main')).toBeUndefined();
    expect(actionMajor(undefined)).toBeUndefined();
  });

  it('notes inputs a built-in does not use', () => {
    const lines: string[] = [];
    noteUnusedInputs({ used: 'x', other: 'y', empty: '' }, ['used'], (t) => lines.push(t));
    noteUnusedInputs({ used: 'x' }, ['used'], (t) => lines.push(t));
    expect(lines).toEqual(['not used when running locally: with.other\n']);
  });
});
