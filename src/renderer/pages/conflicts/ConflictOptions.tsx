import { useState } from 'react';
import type { ConflictDetail } from '../../api/conflicts.js';
import type { ConflictOption } from '../../../shared/protocol/conflicts.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { optionCopy, type ConflictFacts } from './conflict-copy.js';
import { ResolveDialog } from './ResolveDialog.js';

/** Every option the hub offers, each a button that says what it will do. Choosing one asks to confirm. */
export function ConflictOptions({ conflict }: { conflict: ConflictDetail }) {
  const manager = useHasRole('manager');
  const [chosen, setChosen] = useState<ConflictOption | null>(null);
  const facts: ConflictFacts = {
    kind: conflict.kind,
    payload: conflict.event.event.payload as Record<string, unknown>,
    serverNow: conflict.serverNow,
    requested: conflict.requested,
  };

  if (conflict.options.length === 0) return null;
  return (
    <Card title="Decide">
      {manager ? null : <p className="card-note">A manager decides conflicts. These are the choices they have:</p>}
      <ul className="options">
        {conflict.options.map((option) => {
          const copy = optionCopy(option.action, facts);
          return (
            <li key={option.action}>
              <button
                type="button"
                className="option"
                disabled={!manager}
                onClick={() => setChosen(option)}
                aria-describedby={`option-${option.action}`}
              >
                <span className="option-label">
                  {copy.label}
                  {option.pin ? <span className="option-pin"> · PIN</span> : null}
                </span>
                <span className="option-consequence" id={`option-${option.action}`}>
                  {copy.consequence}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {chosen ? (
        <ResolveDialog
          conflictId={conflict.id}
          option={chosen}
          copy={optionCopy(chosen.action, facts)}
          onClose={() => setChosen(null)}
        />
      ) : null}
    </Card>
  );
}
