import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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

export interface ProfileSummary {
  /** What is hot, whoever's code it is (native work such as a verify or an fsync counts as its caller's). */
  bySelf: FunctionCost[];
  /** The hub's own functions by the time spent in them and below: which caller is responsible. */
  hubByTotal: FunctionCost[];
}

/**
 * Where a V8 CPU profile (node --cpu-prof) of a bundled hub spent its time, by function. Functions of the bundle are
 * named with the source file they came from (the bundler marks each module with a `// src/…` comment), so a line
 * of cli.js reads as a place in src/; a module the bundler inlined into another is named after the one it landed
 * in. Recursion counts a function's time once per stack.
 */
export function summariseProfile(file: string, bundle: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const bundleUrl = pathToFileURL(bundle).href;
  const sourceAt = sourceMarkers(bundle);
  const label = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) => {
    const name = functionName || '(anonymous)';
    if (url === bundleUrl) return `${name} (${sourceAt(lineNumber + 1)})`;
    return url ? `${name} ${path.basename(url)}:${lineNumber + 1}` : name;
  };

  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
  });
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totalUs = new Map<number, number>();
  const inclusive = (node: ProfileNode): number => {
    const below = (node.children ?? []).reduce((sum, id) => sum + inclusive(byId.get(id)!), 0);
    totalUs.set(node.id, (selfUs.get(node.id) ?? 0) + below);
    return totalUs.get(node.id)!;
  };
  const root = profile.nodes[0]!;
  const all = inclusive(root);

  const perFunction = new Map<string, { self: number; total: number; hub: boolean }>();
  const walk = (node: ProfileNode, onStack: ReadonlySet<string>) => {
    const name = label(node);
    const entry = perFunction.get(name) ?? { self: 0, total: 0, hub: node.callFrame.url === bundleUrl };
    entry.self += selfUs.get(node.id) ?? 0;
    if (!onStack.has(name)) entry.total += totalUs.get(node.id) ?? 0;
    perFunction.set(name, entry);
    const stack = new Set(onStack).add(name);
    for (const id of node.children ?? []) walk(byId.get(id)!, stack);
  };
  walk(root, new Set());
  perFunction.delete(label(root));

  const costs = [...perFunction].map(([name, cost]) => ({ name, self: cost.self / all, total: cost.total / all }));
  const hub = new Set([...perFunction].filter(([, cost]) => cost.hub).map(([name]) => name));
  return {
    bySelf: [...costs].sort((a, b) => b.self - a.self).slice(0, top),
    hubByTotal: costs
      .filter((cost) => hub.has(cost.name))
      .sort((a, b) => b.total - a.total)
      .slice(0, top),
  };
}

/** Maps a line of the bundle to the source module it came from. */
function sourceMarkers(bundle: string): (line: number) => string {
  const markers: Array<{ line: number; source: string }> = [];
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const marker = /^\/\/ (src\/\S+\.ts)$/.exec(text);
      if (marker) markers.push({ line: index + 1, source: marker[1]! });
    });
  return (line) => markers.findLast((marker) => marker.line <= line)?.source ?? `cli.js:${line}`;
}
