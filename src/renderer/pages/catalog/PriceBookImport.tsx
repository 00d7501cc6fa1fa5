import { createColumnHelper } from '@tanstack/react-table';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { PRICE_BOOK_MAX_CHARS } from '../../../shared/protocol/catalog-views.js';
import {
  useImportPriceBook,
  usePreviewPriceBook,
  type PriceBookPreview,
  type PriceBookRow,
} from '../../api/catalog.js';
import { Card } from '../../components/Card.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { OUTCOME_STATUS, plural, rowDetail } from './catalog-copy.js';

const column = createColumnHelper<PriceBookRow>();

const columns = [
  column.display({ id: 'row', header: 'Row', cell: ({ row }) => row.original.row }),
  column.display({
    id: 'product',
    header: 'Product ID',
    cell: ({ row }) => <span className="mono id-cell">{row.original.productId ?? '—'}</span>,
  }),
  column.display({
    id: 'outcome',
    header: 'Outcome',
    cell: ({ row }) => <StatusBadge status={OUTCOME_STATUS[row.original.outcome]} />,
  }),
  column.display({ id: 'detail', header: 'What it does', cell: ({ row }) => rowDetail(row.original) }),
];

/**
 * Reads the chosen file as UTF-8, strictly: a file in another encoding (Excel's plain "CSV" is Windows-1250 in Poland)
 * is refused here with what to do, instead of importing mangled names. A BOM is dropped by the decoder.
 */
async function readFile(file: File): Promise<{ csv: string } | { problem: string }> {
  let csv: string;
  try {
    csv = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return {
      problem: `${file.name} is not UTF-8 text. In Excel save it as “CSV UTF-8 (comma delimited)”, or convert it to UTF-8, and choose it again.`,
    };
  }
  if (csv.length > PRICE_BOOK_MAX_CHARS)
    return { problem: `${file.name} is too large to import at once: split it into files of a few thousand rows.` };
  if (csv.trim() === '') return { problem: `${file.name} is empty.` };
  return { csv };
}

function Summary({ fileName, preview }: { fileName: string; preview: PriceBookPreview }) {
  const { add, change, unchanged, error } = preview.counts;
  const rows = add + change + unchanged + error;
  return (
    <p>
      <strong>{fileName}</strong>: {plural(rows, 'row')} — {add} new, {plural(change, 'change')}, {unchanged} unchanged,{' '}
      {plural(error, 'row')} with errors.
    </p>
  );
}

interface Chosen {
  fileName: string;
  csv: string;
}

/**
 * Import a price book (CSV): the hub first says what each row would do, naming the bad rows with why; the changes are
 * recorded only when no row is bad, all at once, and a row that changes nothing records nothing.
 */
export function PriceBookImport() {
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const preview = usePreviewPriceBook();
  const importBook = useImportPriceBook();

  const reset = () => {
    setChosen(null);
    setProblem(null);
    preview.reset();
    importBook.reset();
  };

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    reset();
    setDone(null);
    if (!file) return;
    const read = await readFile(file);
    if ('problem' in read) {
      setProblem(read.problem);
      return;
    }
    setChosen({ fileName: file.name, csv: read.csv });
    preview.mutate({ csv: read.csv, fileName: file.name });
  }

  function record() {
    if (!chosen) return;
    importBook.mutate(
      { csv: chosen.csv, fileName: chosen.fileName },
      {
        onSuccess: (imported) => {
          setDone(
            imported.recorded === 0
              ? `Nothing recorded from ${chosen.fileName}: every product already has these values.`
              : `Recorded ${plural(imported.recorded, 'change')} from ${chosen.fileName}. Tills get them on their next sync.`,
          );
          reset();
          if (input.current) input.current.value = '';
        },
      },
    );
  }

  const result = preview.data;
  const changes = result ? result.counts.add + result.counts.change : 0;
  const bad = result?.rows.filter((row) => row.outcome === 'error') ?? [];

  return (
    <Card title="Import price book">
      <div className="card-note stack">
        <p>
          A CSV file with a header row naming the columns <code>id</code>, <code>name</code>, <code>unit</code>,{' '}
          <code>price</code> and <code>vat</code>, and optionally <code>barcode</code> and <code>merchandise_code</code>
          , in any order. Comma or semicolon separated (as Excel saves it in Poland), UTF-8. Prices are in złoty with at
          most 2 decimals (4.50 or 4,50); VAT is 23, 8, 5, 0, zw or np.
        </p>
        <p>
          Nothing is recorded until you have seen what each row does. Products not in the file stay as they are; a
          missing barcode or merchandise code column leaves those as they are, an empty cell clears them.
        </p>
      </div>
      <div className="field">
        <label htmlFor={inputId}>Price book (CSV file)</label>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={hintId}
          onChange={(event) => void choose(event)}
        />
        <p className="field-hint" id={hintId}>
          Row numbers below are as a spreadsheet shows them: the header is row 1.
        </p>
      </div>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <ErrorMessage text={problem} />
      <ErrorMessage error={preview.error} />
      {preview.isPending ? <p className="muted">Reading {chosen?.fileName}…</p> : null}
      {result && chosen ? (
        <div className="stack">
          <Summary fileName={chosen.fileName} preview={result} />
          {bad.length > 0 ? (
            <div className="error-message" role="alert">
              <p>
                Nothing can be recorded from this file: {plural(bad.length, 'row has', 'rows have')} errors. Fix{' '}
                {bad.length === 1 ? 'it' : 'them'} in the file and choose it again.
              </p>
              <ul>
                {bad.slice(0, 20).map((row) => (
                  <li key={row.row}>
                    Row {row.row}
                    {row.productId ? ` (${row.productId})` : ''}: {rowDetail(row)}
                  </li>
                ))}
                {bad.length > 20 ? <li>…and {bad.length - 20} more, in the table below.</li> : null}
              </ul>
            </div>
          ) : changes === 0 ? (
            <p className="notice" role="status">
              Nothing to record: every product in the file already has these values.
            </p>
          ) : null}
          <DataTable
            caption={`What each row of ${chosen.fileName} does`}
            data={result.rows}
            columns={columns}
            getRowId={(row) => String(row.row)}
            empty="The file has no rows."
          />
          <ErrorMessage error={importBook.error} />
          <div className="actions">
            {bad.length === 0 && changes > 0 ? (
              <button type="button" className="button primary" disabled={importBook.isPending} onClick={record}>
                {importBook.isPending ? 'Recording…' : `Record ${plural(changes, 'change')}`}
              </button>
            ) : null}
            <button
              type="button"
              className="button"
              onClick={() => {
                reset();
                if (input.current) input.current.value = '';
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
