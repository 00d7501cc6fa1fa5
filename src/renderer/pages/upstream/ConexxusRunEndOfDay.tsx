import { useId, useState, type FormEvent } from 'react';
import { useRunEndOfDay } from '../../api/conexxus.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { businessDateProblem, localDate, runEndOfDayText } from './conexxus-copy.js';

/**
 * Runs the end of day for one business date, yesterday unless another is chosen (this computer's calendar, which is
 * the store's when the back office is used in the store). Running it for a day already reported makes a correction
 * only if the day changed; the answer says which.
 */
export function RunEndOfDay({ canAct }: { canAct: boolean }) {
  const [today] = useState(() => localDate(new Date()));
  const [businessDate, setBusinessDate] = useState(() => localDate(new Date(), 1));
  const [problem, setProblem] = useState<string | null>(null);
  const run = useRunEndOfDay();
  const whyId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run.reset();
    const local = businessDateProblem(businessDate, today);
    setProblem(local);
    if (!local) run.mutate({ businessDate });
  }

  return (
    <form className="form eod-run" aria-label="Run end of day" onSubmit={submit} noValidate>
      <div className="eod-run-row">
        <Field
          label="Business date"
          type="date"
          max={today}
          required
          value={businessDate}
          onChange={(e) => setBusinessDate(e.target.value)}
        />
        <button
          type="submit"
          className="button primary"
          disabled={!canAct || run.isPending}
          aria-describedby={canAct ? undefined : whyId}
        >
          {run.isPending ? 'Running…' : 'Run end of day'}
        </button>
      </div>
      {canAct ? null : (
        <p className="card-note" id={whyId}>
          Only a manager can run the end of day.
        </p>
      )}
      <ErrorMessage text={problem} error={run.error} />
      {run.data ? (
        <p className="notice" role="status">
          {runEndOfDayText(run.data)}
        </p>
      ) : null}
    </form>
  );
}
