import type { UseMutationResult } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { CATALOG_MESSAGES } from './catalog-copy.js';
import { ID_HINT } from './catalog-form.js';

/** An item's ID: typed when it is added, shown read-only after (it cannot change). */
export function CatalogIdField({
  noun,
  adding,
  value,
  onChange,
}: {
  /** "product", "location" */
  noun: string;
  adding: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  const label = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ID`;
  return adding ? (
    <Field
      label={label}
      hint={ID_HINT}
      required
      maxLength={64}
      autoComplete="off"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  ) : (
    <Field label={label} hint={`Chosen when the ${noun} was added.`} value={value} readOnly />
  );
}

/**
 * Adding an item (`existing` absent) or changing one, in a dialog over its list: the form's own fields as children,
 * checked in words before any request (`check`), then saved against the version on screen.
 */
export function CatalogEditDialog<E, R extends { recorded: unknown }>({
  noun,
  existing,
  save,
  check,
  savedName,
  onSaved,
  onClose,
  children,
}: {
  /** "product", "location" */
  noun: string;
  existing: { name: string } | undefined;
  save: UseMutationResult<R, Error, E>;
  /** The edit the form says, or what is wrong with it. */
  check: () => { edit: E } | { problem: string };
  /** The saved item's name, from the hub's answer. */
  savedName: (result: R) => string;
  onSaved: (message: string) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const result = check();
    setProblem('problem' in result ? result.problem : null);
    if (!('edit' in result)) return;
    save.mutate(result.edit, {
      onSuccess: (answer) => {
        const name = savedName(answer);
        onSaved(
          answer.recorded === null
            ? `Nothing changed: ${name} already had these values.`
            : !existing
              ? `Added ${name}. Tills get it on their next sync.`
              : `Saved ${name}. Tills get the change on their next sync.`,
        );
      },
    });
  }

  return (
    <Dialog title={existing ? `Edit ${existing.name}` : `Add a ${noun}`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate aria-label={existing ? `Edit ${noun}` : `Add a ${noun}`}>
        {children}
        <ErrorMessage text={problem} />
        <ErrorMessage error={save.error} messages={CATALOG_MESSAGES} />
        <DialogActions
          confirm={save.isPending ? 'Saving…' : existing ? `Save ${noun}` : `Add ${noun}`}
          tone="primary"
          disabled={save.isPending}
          keep="Cancel"
          onKeep={onClose}
        />
      </form>
    </Dialog>
  );
}
