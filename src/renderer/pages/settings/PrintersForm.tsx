import { useId, useState, type FormEvent } from 'react';
import { useCreatePrinter, useUpdatePrinter, type PrinterView } from '../../api/hardware.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { MAX_DRAWER_PULSE_MS, MIN_DRAWER_PULSE_MS } from '../../../shared/protocol/printing.js';
import { hardwareErrorText } from '../hardware/hardware-errors.js';
import {
  baudRateChoices,
  CONNECTION_TYPES,
  DRAWER_CHOICES,
  emptyPrinterDraft,
  fromPrinterDraft,
  MODELS,
  PAPER_WIDTH_OPTIONS,
  settingsOf,
  toPrinterDraft,
  type PrinterDraft,
} from './printer-form.js';

interface Choice {
  value: string | number;
  label: string;
}

/** A labelled <select> over its choices, like Field for inputs. */
function SelectField({
  label,
  value,
  onChange,
  hint,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  options: readonly Choice[];
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Adding a printer (`printer` absent) or changing one. The ID is chosen once, when adding: tills and the queue name
 * the printer by it. Checks mirror the hub's schema; the hub's own refusals are shown as they come.
 */
export function PrintersForm({
  printer,
  others,
  onSaved,
  onCancel,
}: {
  printer?: PrinterView;
  /** The other configured printers, to say which one is the receipt default now. */
  others: PrinterView[];
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const creating = printer === undefined;
  const [draft, setDraft] = useState<PrinterDraft>(() => (printer ? toPrinterDraft(printer) : emptyPrinterDraft()));
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreatePrinter();
  const update = useUpdatePrinter();
  const save = creating ? create : update;
  const set = <K extends keyof PrinterDraft>(key: K, value: PrinterDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const currentDefault = others.find((other) => other.receiptDefault);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const result = fromPrinterDraft(draft);
    setProblem('problem' in result ? result.problem : null);
    if (!('config' in result)) return;
    const done = () => onSaved(result.config.name);
    if (creating) create.mutate(result.config, { onSuccess: done });
    else update.mutate({ id: result.config.id, settings: settingsOf(result.config) }, { onSuccess: done });
  }

  return (
    <form
      className="form printer-form"
      onSubmit={submit}
      noValidate
      aria-label={creating ? 'Add a printer' : `Edit ${printer.name}`}
    >
      <div className="printer-form-grid">
        {creating ? (
          <Field
            label="Printer ID"
            hint="Letters, digits and . _ : - only; tills name the printer by it. It cannot be changed later."
            required
            maxLength={64}
            autoComplete="off"
            value={draft.id}
            onChange={(e) => set('id', e.target.value)}
          />
        ) : (
          <Field label="Printer ID" hint="Chosen when the printer was added." value={draft.id} readOnly />
        )}
        <Field
          label="Printer name"
          hint="As people in the store call it, e.g. Front counter."
          required
          maxLength={80}
          value={draft.name}
          onChange={(e) => set('name', e.target.value)}
        />
        <SelectField
          label="Connection"
          value={draft.connectionType}
          onChange={(value) => set('connectionType', value as PrinterDraft['connectionType'])}
          options={CONNECTION_TYPES}
        />
      </div>

      <fieldset className="printer-connection">
        <legend>{CONNECTION_TYPES.find((option) => option.value === draft.connectionType)!.label} connection</legend>
        {draft.connectionType === 'serial' ? (
          <>
            <Field
              label="Serial device path"
              placeholder="/dev/ttyUSB0"
              hint="/dev/ttyUSB0 or /dev/ttyS0 on Linux, COM3 on Windows."
              required
              maxLength={256}
              value={draft.serialPath}
              onChange={(e) => set('serialPath', e.target.value)}
            />
            <SelectField
              label="Baud rate"
              value={draft.baudRate}
              onChange={(value) => set('baudRate', value)}
              hint="As set on the printer (its self-test page shows it)."
              options={baudRateChoices(draft.baudRate).map((rate) => ({ value: rate, label: String(rate) }))}
            />
          </>
        ) : null}
        {draft.connectionType === 'tcp' ? (
          <>
            <Field
              label="Host"
              placeholder="192.168.1.50"
              hint="The printer’s IP address or name on the store network."
              required
              maxLength={253}
              autoComplete="off"
              value={draft.host}
              onChange={(e) => set('host', e.target.value)}
            />
            <Field
              label="Port"
              inputMode="numeric"
              hint="Receipt printers take raw printing on 9100."
              required
              value={draft.port}
              onChange={(e) => set('port', e.target.value)}
            />
          </>
        ) : null}
        {draft.connectionType === 'usb' ? (
          <Field
            label="Device file"
            placeholder="/dev/usb/lp0"
            hint="The printer’s device file, e.g. /dev/usb/lp0. Over USB the printer often cannot report its status, so jobs may print without checks."
            required
            maxLength={256}
            value={draft.usbPath}
            onChange={(e) => set('usbPath', e.target.value)}
          />
        ) : null}
      </fieldset>

      <div className="printer-form-grid">
        <SelectField
          label="Model"
          value={draft.model}
          onChange={(value) => set('model', value as PrinterDraft['model'])}
          options={MODELS}
        />
        <SelectField
          label="Paper width"
          value={String(draft.paperWidth)}
          onChange={(value) => set('paperWidth', Number(value) as PrinterDraft['paperWidth'])}
          options={PAPER_WIDTH_OPTIONS}
        />
        <SelectField
          label="Cash drawer"
          value={draft.drawer}
          onChange={(value) => set('drawer', value as PrinterDraft['drawer'])}
          hint="Which pin of the printer’s drawer port the drawer is wired to."
          options={DRAWER_CHOICES}
        />
        {draft.drawer !== 'none' ? (
          <Field
            label="Drawer pulse (ms)"
            inputMode="numeric"
            hint={`${MIN_DRAWER_PULSE_MS} to ${MAX_DRAWER_PULSE_MS}; most drawers open with 100.`}
            required
            value={draft.pulseMs}
            onChange={(e) => set('pulseMs', e.target.value)}
          />
        ) : null}
      </div>

      <label className="check">
        <input
          type="checkbox"
          checked={draft.receiptDefault}
          onChange={(e) => set('receiptDefault', e.target.checked)}
        />
        Default receipt printer
      </label>
      <p className="field-hint check-hint">
        Sales that ask for a receipt without naming a printer print here. Only one printer is the default
        {currentDefault ? `: ticking this moves it here from ${currentDefault.name}` : ''}.
      </p>
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        Enabled
      </label>
      <p className="field-hint check-hint">A disabled printer prints nothing until it is enabled again.</p>

      <ErrorMessage text={problem ?? (save.error ? hardwareErrorText(save.error) : null)} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : creating ? 'Add printer' : 'Save printer'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
