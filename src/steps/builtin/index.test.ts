import { describe, expect, it } from 'vitest';
import { createStepRegistry } from '../registry.ts';
import { builtinActions, registerBuiltins } from './index.ts';

describe('built-in actions registry', () => {
  it('registers every built-in under its action name, so any ref resolves to it', () => {
    const registry = createStepRegistry();
    expect(registerBuiltins(registry)).toEqual(Object.keys(builtinActions));
    expect(registry.resolve({ uses: 'actions/checkout@v4' })).toBe(builtinActions['actions/checkout']!.executor);
    expect(registry.resolve({ uses: 'Actions/Checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab' })).toBe(builtinActions['actions/checkout']!.executor);
    expect(registry.resolve({ uses: 'actions/cache/restore@v4' })).toBe(builtinActions['actions/cache/restore']!.executor);
    for (const action of Object.values(builtinActions)) expect(action.description.length).toBeGreaterThan(10);
  });

  it('leaves disabled built-ins out, and a custom step registered later replaces one', () => {
    const registry = createStepRegistry();
    expect(registerBuiltins(registry, { disable: ['Actions/Cache'] })).not.toContain('actions/cache');
    expect(registry.resolve({ uses: 'actions/cache@v4' })).toBeUndefined();
    const mine = { execute: async () => ({ outcome: 'success' as const }) };
    registry.register('actions/checkout', mine);
    expect(registry.resolve({ uses: 'actions/checkout@v4' })).toBe(mine);
  });
});
