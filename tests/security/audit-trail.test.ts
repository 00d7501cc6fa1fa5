import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/main/hub/audit/audit-trail.js';
import { tempDatabase } from './helpers.js';

describe('audit trail', () => {
  it('records entries and lists them newest first, page by page', () => {
    const audit = new AuditTrail(tempDatabase());
    const first = audit.record({ actor: 'u1', action: 'user.add', detail: { name: 'Bob', role: 'cashier' } });
    expect(first).toMatchObject({ actor: 'u1', action: 'user.add', detail: { name: 'Bob', role: 'cashier' } });
    expect(Date.parse(first.at)).not.toBeNaN();
    for (let i = 0; i < 4; i++) audit.record({ actor: 'u1', action: 'request.approve', detail: { n: i } });

    const page1 = audit.list({ limit: 3 });
    expect(page1.map((e) => e.detail)).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }]);
    const page2 = audit.list({ limit: 3, before: page1.at(-1)!.id });
    expect(page2.map((e) => e.action)).toEqual(['request.approve', 'user.add']);
    expect(page2[1]).toEqual(first);
  });

  it('refuses a non-positive limit', () => {
    expect(() => new AuditTrail(tempDatabase()).list({ limit: 0 })).toThrow(RangeError);
  });
});
