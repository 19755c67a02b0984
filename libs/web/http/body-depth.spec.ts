import { depthExceeds } from './body-depth';

const nested = (levels: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('depthExceeds', () => {
  it('counts the levels of objects and arrays, scalars being none', () => {
    expect(depthExceeds('text', 0)).toBe(false);
    expect(depthExceeds({}, 0)).toBe(true);
    expect(depthExceeds({ a: [1] }, 2)).toBe(false);
    expect(depthExceeds({ a: [1] }, 1)).toBe(true);
    expect(depthExceeds({ a: 1, b: { c: { d: null } } }, 3)).toBe(false);
    expect(depthExceeds({ a: 1, b: { c: { d: {} } } }, 3)).toBe(true);
  });

  it('accepts exactly the limit and refuses one more', () => {
    expect(depthExceeds(nested(32), 32)).toBe(false);
    expect(depthExceeds(nested(33), 32)).toBe(true);
  });

  it('measures 100,000 levels without recursion', () => {
    expect(depthExceeds(nested(100_000), 32)).toBe(true);
  });
});
