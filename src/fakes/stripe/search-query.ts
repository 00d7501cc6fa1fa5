import type { PaymentIntentObject } from './objects.js';
import { invalidParam } from './stripe-errors.js';

/**
 * Stripe Search Query Language, the part a hub needs for PaymentIntents: clauses `metadata['key']:'value'`,
 * `status:'requires_capture'`, `currency:'usd'` and `amount:1099`, joined by AND (single or double quotes).
 */

type Predicate = (intent: PaymentIntentObject) => boolean;

const CLAUSE = /^(?:metadata\[(['"])(.+?)\1\]|(status|currency|amount)):(?:(['"])(.*?)\4|(\d+))$/;

export function parseSearchQuery(query: string): Predicate {
  const clauses = query
    .trim()
    .split(/\s+AND\s+/)
    .map((clause) => clause.trim());
  if (clauses.length === 0 || clauses.some((clause) => clause === '')) throw unsupported(query);
  const predicates = clauses.map((clause) => parseClause(clause, query));
  return (intent) => predicates.every((predicate) => predicate(intent));
}

function parseClause(clause: string, query: string): Predicate {
  if (/\s+OR\s+/.test(clause)) throw unsupported(query);
  const match = CLAUSE.exec(clause);
  if (!match) throw unsupported(query);
  const [, , metadataKey, field, , quoted, number] = match;
  const value = quoted ?? number!;
  if (metadataKey !== undefined) return (intent) => intent.metadata[metadataKey] === value;
  if (field === 'amount') {
    if (number === undefined) throw unsupported(query);
    return (intent) => intent.amount === Number(number);
  }
  if (field === 'status') return (intent) => intent.status === value;
  return (intent) => intent.currency === value.toLowerCase();
}

function unsupported(query: string) {
  return invalidParam('query', `The fake cannot parse the search query \`${query}\`.`);
}
