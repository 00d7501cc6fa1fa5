import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  name: string;
  /** Share of all sampled time (idle included), 0..1. */
  self: number;
  /** Share of all sampled time spent in it or anything it called. */
  total: number;
}

/**
 * Where a V8 CPU profile (node --cpu-prof) spent its time, by function: self time says what is hot, total time
 * which caller is responsible. Recursion counts a function's time once per frame, which these hub paths lack.
 */
export function summariseProfile(file: string, top = 15): { bySelf: FunctionCost[]; byTotal: FunctionCost[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
  });
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totalUs = new Map<number, number>();
  const inclusive = (node: ProfileNode): number => {
    const sum =
      (selfUs.get(node.id) ?? 0) + (node.children ?? []).reduce((acc, id) => acc + inclusive(byId.get(id)!), 0);
    totalUs.set(node.id, sum);
    return sum;
  };
  const root = profile.nodes[0]!;
  const all = inclusive(root);

  const perFunction = new Map<string, { self: number; total: number }>();
  const walk = (node: ProfileNode, onStack: Set<string>) => {
    const name = label(node);
    const entry = perFunction.get(name) ?? { self: 0, total: 0 };
    entry.self += selfUs.get(node.id) ?? 0;
    if (!onStack.has(name)) entry.total += totalUs.get(node.id) ?? 0;
    perFunction.set(name, entry);
    const below = new Set(onStack).add(name);
    for (const id of node.children ?? []) walk(byId.get(id)!, below);
  };
  walk(root, new Set());
  perFunction.delete(label(root));

  const costs = [...perFunction].map(([name, cost]) => ({ name, self: cost.self / all, total: cost.total / all }));
  return {
    bySelf: [...costs].sort((a, b) => b.self - a.self).slice(0, top),
    byTotal: [...costs].sort((a, b) => b.total - a.total).slice(0, top),
  };
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? ` ${path.basename(url)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where}`;
}
