import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { usePrinters, type PrinterView } from '../../api/hardware.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { QueryView } from '../../components/QueryView.js';
import { connectionText, drawerText, modelText } from '../hardware/hardware-copy.js';
import { PrintersDeleteDialog } from './PrintersDeleteDialog.js';
import { PrintersForm } from './PrintersForm.js';

const column = createColumnHelper<PrinterView>();

type Editing = { kind: 'closed' } | { kind: 'add' } | { kind: 'edit'; printer: PrinterView };

function PrinterList({
  printers,
  onEdit,
  onDelete,
}: {
  printers: PrinterView[];
  onEdit?: (printer: PrinterView) => void;
  onDelete?: (printer: PrinterView) => void;
}) {
  const columns = [
    column.display({
      id: 'name',
      header: 'Printer',
      cell: ({ row: { original: p } }) => (
        <>
          <strong>{p.name}</strong>
          <div className="muted small mono">{p.id}</div>
        </>
      ),
    }),
    column.display({
      id: 'connection',
      header: 'Connection',
      cell: ({ row }) => <span className="mono">{connectionText(row.original.connection)}</span>,
    }),
    column.display({ id: 'model', header: 'Model', cell: ({ row }) => modelText(row.original) }),
    column.display({ id: 'drawer', header: 'Cash drawer', cell: ({ row }) => drawerText(row.original.drawer) }),
    column.display({
      id: 'flags',
      header: 'Use',
      cell: ({ row: { original: p } }) => (
        <div className="badges">
          {p.enabled ? <Badge tone="ok">Enabled</Badge> : <Badge tone="off">Disabled</Badge>}
          {p.receiptDefault ? <Badge tone="ok">Default for receipts</Badge> : null}
        </div>
      ),
    }),
    column.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: p } }) =>
        onEdit && onDelete ? (
          <div className="actions">
            <button type="button" className="button small" onClick={() => onEdit(p)} aria-label={`Edit ${p.name}`}>
              Edit
            </button>
            <button type="button" className="button small" onClick={() => onDelete(p)} aria-label={`Delete ${p.name}`}>
              Delete
            </button>
          </div>
        ) : null,
    }),
  ];
  return (
    <DataTable
      caption="Configured printers"
      data={printers}
      columns={columns}
      getRowId={(printer) => printer.id}
      empty="No printers yet. Add the store’s receipt printers here; their state and queues are on the Hardware screen."
    />
  );
}

/**
 * Settings → Printers (DESIGN §7): the configured receipt printers, and for managers adding, changing and deleting
 * them. `/settings#printers` scrolls here (the Hardware screen links to it).
 */
export function PrintersSection() {
  const canEdit = useHasRole('manager');
  const printers = usePrinters();
  const [editing, setEditing] = useState<Editing>({ kind: 'closed' });
  const [deleting, setDeleting] = useState<PrinterView | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const anchor = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();

  useEffect(() => {
    if (hash === '#printers') anchor.current?.scrollIntoView({ block: 'start' });
  }, [hash]);

  const open = (next: Editing) => {
    setSaved(null);
    setEditing(next);
  };
  const list = printers.data ?? [];

  return (
    <div id="printers" ref={anchor} className="stack">
      <p className="card-note">
        Receipt printers and the cash drawers wired to them. Their state, queues and drawer log are on the{' '}
        <Link to="/hardware">Hardware</Link> screen.
      </p>
      <QueryView query={printers} loading="Loading printers…">
        {(data) => (
          <PrinterList
            printers={data}
            onEdit={canEdit ? (printer) => open({ kind: 'edit', printer }) : undefined}
            onDelete={canEdit ? setDeleting : undefined}
          />
        )}
      </QueryView>
      {saved ? (
        <p className="notice" role="status">
          {saved}
        </p>
      ) : null}
      {!canEdit ? (
        <p className="card-note">A manager adds and changes printers.</p>
      ) : editing.kind === 'closed' ? (
        <div className="actions">
          <button type="button" className="button primary" onClick={() => open({ kind: 'add' })}>
            Add a printer
          </button>
        </div>
      ) : (
        <div className="printer-editor">
          <h3>{editing.kind === 'add' ? 'Add a printer' : `Edit ${editing.printer.name}`}</h3>
          <PrintersForm
            key={editing.kind === 'add' ? 'add' : editing.printer.id}
            printer={editing.kind === 'edit' ? editing.printer : undefined}
            others={list.filter((printer) => editing.kind === 'add' || printer.id !== editing.printer.id)}
            onSaved={(name) => {
              setEditing({ kind: 'closed' });
              setSaved(
                editing.kind === 'add'
                  ? `Added ${name}. Print a test page from the Hardware screen to check it.`
                  : `Saved ${name}.`,
              );
            }}
            onCancel={() => setEditing({ kind: 'closed' })}
          />
        </div>
      )}
      {deleting ? (
        <PrintersDeleteDialog
          printer={deleting}
          onDeleted={() => {
            setSaved(`Deleted ${deleting.name}.`);
            setDeleting(null);
            if (editing.kind === 'edit' && editing.printer.id === deleting.id) setEditing({ kind: 'closed' });
          }}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </div>
  );
}
