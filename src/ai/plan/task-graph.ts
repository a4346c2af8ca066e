/** Dependency ordering shared by the tasks file and the model's plan output. */

/** The nodes in dependency order, or one cycle when there is no such order. */
export type GraphOrder<K> = { order: K[]; cycle?: undefined } | { order?: undefined; cycle: K[] };

/**
 * Orders `nodes` so that every node comes after the nodes it depends on; among nodes that are
 * ready at the same time, `compare` decides. Dependencies on nodes outside `nodes` are ignored.
 * A cycle is returned as `[a, b, …, a]`, read "a depends on b depends on … a".
 */
export function dependencyGraphOrder<K>(nodes: readonly K[], depsOf: (node: K) => readonly K[], compare: (a: K, b: K) => number): GraphOrder<K> {
  const known = new Set(nodes);
  const deps = new Map(nodes.map((n) => [n, new Set(depsOf(n).filter((d) => known.has(d)))]));
  const dependants = new Map<K, K[]>(nodes.map((n) => [n, []]));
  for (const [node, ds] of deps) for (const d of ds) dependants.get(d)!.push(node);
  const waiting = new Map(nodes.map((n) => [n, deps.get(n)!.size]));
  const ready = nodes.filter((n) => waiting.get(n) === 0);
  const order: K[] = [];
  while (ready.length > 0) {
    ready.sort(compare);
    const next = ready.shift()!;
    order.push(next);
    for (const d of dependants.get(next)!) {
      const left = waiting.get(d)! - 1;
      waiting.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  if (order.length === nodes.length) return { order };
  const placed = new Set(order);
  return { cycle: findCycle(nodes.filter((n) => !placed.has(n)), deps) };
}

/** Every unplaced node still waits on an unplaced node, so walking those edges must revisit one. */
function findCycle<K>(unplaced: readonly K[], deps: ReadonlyMap<K, ReadonlySet<K>>): K[] {
  const left = new Set(unplaced);
  const path: K[] = [];
  let node = unplaced[0]!;
  while (!path.includes(node)) {
    path.push(node);
    node = [...deps.get(node)!].find((d) => left.has(d))!;
  }
  return [...path.slice(path.indexOf(node)), node];
}
