/**
 * Accessibility audit for the browser tests (issue 12): axe-core, run inside the page as it is, with every rule axe
 * has on by default. A serious or critical finding fails the test with a readable list (rule, what to fix, where and
 * why); minor and moderate ones are axe's best-practice advice and are not gated here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const GATED: readonly ImpactValue[] = ['serious', 'critical'];

// Read once per test file. Evaluated over the DevTools protocol rather than added as a <script>: the hub's
// Content-Security-Policy allows only its own scripts, and the audit must see the page under that very policy.
let source: string | undefined;
const axeSource = () =>
  (source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));

/** One violation as lines a person can act on: the rule and its advice, then each element and what is wrong. */
function describeViolation(violation: Result): string {
  const nodes = violation.nodes.map((node) => {
    // "Fix any of the following:" and then one check a line: kept apart with semicolons on the one line.
    const [lead = '', ...checks] = (node.failureSummary ?? '').split('\n').map((line) => line.trim());
    const why = [lead, checks.filter(Boolean).join('; ')].filter(Boolean).join(' ');
    return `    at ${node.target.join(' ')}: ${why}`;
  });
  return [`  ${violation.id} (${violation.impact}): ${violation.help} — ${violation.helpUrl}`, ...nodes].join('\n');
}

/** The serious and critical violations of an axe run, as text; empty when there are none. */
export function gatedViolations(results: Pick<AxeResults, 'violations'>): string {
  return results.violations
    .filter((violation) => GATED.includes(violation.impact ?? null))
    .map(describeViolation)
    .join('\n');
}

/**
 * Audits what `page` shows now and throws if axe finds a serious or critical violation. Call it once the screen has
 * settled (its data has arrived), since an audit of a loading screen says little. `screen` names it in the failure.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  const found = gatedViolations(results);
  if (found) throw new Error(`accessibility audit of ${screen} (${page.url()}):\n${found}`);
}
