import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { CatalogFilter } from '../../api/catalog.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { PendingNote } from '../../components/PendingNote.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { AfterPager, useAfterPosition } from './AfterPages.js';
import { activeStatus, CATALOG_MESSAGES } from './catalog-copy.js';
import { CatalogFilters } from './CatalogFilters.js';
import { DeactivateDialog } from './DeactivateDialog.js';

/** What a catalog list holds: products and locations, each named, active or not, changed against its version. */
export interface CatalogItem {
  id: string;
  name: string;
  active: boolean;
}

/** What a manager can do to a row; absent for everyone else. */
export interface CatalogRowActions<T> {
  onEdit(item: T): void;
  onDeactivate(item: T): void;
  onActivate(item: T): void;
  busy: boolean;
}

/** One page of a catalog list as the hub serves it (`nextAfter` null on the last page). */
export interface CatalogPage {
  total: number;
  nextAfter: string | null;
}

/** The first column: the item's name, its ID under it. */
export function nameColumn<T extends CatalogItem>(id: string, header: string): ColumnDef<T, unknown> {
  return createColumnHelper<T>().display({
    id,
    header,
    cell: ({ row: { original: item } }) => (
      <>
        <strong>{item.name}</strong>
        <div className="muted small mono id-cell">{item.id}</div>
      </>
    ),
  });
}

/** The last columns: active or inactive, and (for a manager) Edit and Deactivate or Activate. */
export function statusAndActionColumns<T extends CatalogItem>(
  actions: CatalogRowActions<T> | undefined,
): ColumnDef<T, unknown>[] {
  const column = createColumnHelper<T>();
  return [
    column.display({
      id: 'status',
      header: 'Status',
      cell: ({ row }) => <StatusBadge status={activeStatus(row.original.active)} />,
    }),
    column.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: item } }) =>
        actions ? (
          <div className="actions">
            <button
              type="button"
              className="button small"
              onClick={() => actions.onEdit(item)}
              aria-label={`Edit ${item.name}`}
            >
              Edit
            </button>
            {item.active ? (
              <button
                type="button"
                className="button small"
                onClick={() => actions.onDeactivate(item)}
                aria-label={`Deactivate ${item.name}`}
              >
                Deactivate
              </button>
            ) : (
              <button
                type="button"
                className="button small"
                disabled={actions.busy}
                onClick={() => actions.onActivate(item)}
                aria-label={`Activate ${item.name}`}
              >
                Activate
              </button>
            )}
          </div>
        ) : null,
    }),
  ];
}

interface ListCopy {
  /** "Products, by name": the table's caption. */
  caption: string;
  /** "Product pages": the pager's name. */
  pagesLabel: string;
  /** "Loading products…" */
  loading: string;
  /** The empty table when a search or status filter is applied. */
  noMatch: string;
  /** The empty table when the catalog has none yet. */
  none: string;
}

/** One filter's pages; remounted (back to the first page) whenever the filter changes. */
function CatalogPages<T extends CatalogItem, P extends CatalogPage>({
  filter,
  actions,
  usePage,
  itemsOf,
  columns,
  copy,
}: {
  filter: CatalogFilter;
  actions: CatalogRowActions<T> | undefined;
  usePage: (filter: CatalogFilter, after: string | undefined) => UseQueryResult<P>;
  itemsOf: (page: P) => T[];
  columns: (actions: CatalogRowActions<T> | undefined) => ColumnDef<T, unknown>[];
  copy: ListCopy;
}) {
  const pager = useAfterPosition();
  const pages = usePage(filter, pager.after);
  if (!pages.data) {
    return pages.isError ? <ErrorMessage error={pages.error} /> : <PendingNote query={pages} loading={copy.loading} />;
  }
  const { total, nextAfter } = pages.data;
  const items = itemsOf(pages.data);
  return (
    <>
      <ErrorMessage error={pages.error} />
      <DataTable
        caption={copy.caption}
        data={items}
        columns={columns(actions)}
        getRowId={(item) => item.id}
        empty={filter.q || filter.active !== undefined ? copy.noMatch : copy.none}
      />
      <AfterPager
        label={copy.pagesLabel}
        pager={pager}
        nextAfter={nextAfter}
        moving={pages.isPlaceholderData}
        shown={items.length}
        total={total}
      />
    </>
  );
}

type Editing<T> = { kind: 'closed' } | { kind: 'add' } | { kind: 'edit'; item: T };

/**
 * A catalog list in its card: searched and filtered by status, paged by name, and for a manager an add button, each
 * row's Edit, and Deactivate (after saying what it does) or Activate. Each list brings its own columns, dialog and
 * words.
 */
export function CatalogListSection<T extends CatalogItem & { version: number }, P extends CatalogPage, E, R>({
  title,
  what,
  searchLabel,
  addLabel,
  managerNote,
  copy,
  usePage,
  itemsOf,
  columns,
  activation,
  activeEdit,
  savedOf,
  activatedMessage,
  consequences,
  dialog,
}: {
  title: string;
  /** "products", "locations": names the search for screen readers. */
  what: string;
  searchLabel: string;
  addLabel: string;
  /** Said to those who are not managers. */
  managerNote: string;
  copy: ListCopy;
  usePage: (filter: CatalogFilter, after: string | undefined) => UseQueryResult<P>;
  itemsOf: (page: P) => T[];
  columns: (actions: CatalogRowActions<T> | undefined) => ColumnDef<T, unknown>[];
  /** The save used to activate and deactivate an item. */
  activation: UseMutationResult<R, Error, E>;
  /** The same item with only its active state changed, against the version on screen. */
  activeEdit: (item: T, active: boolean) => E;
  savedOf: (result: R) => T;
  activatedMessage: (item: T, active: boolean) => string;
  consequences: (item: T) => readonly string[];
  /** The add (`item` absent) or edit dialog. */
  dialog: (props: {
    key: string;
    item: T | undefined;
    onSaved: (message: string) => void;
    onClose: () => void;
  }) => ReactNode;
}) {
  const canEdit = useHasRole('manager');
  const [filter, setFilter] = useState<CatalogFilter>({});
  const [editing, setEditing] = useState<Editing<T>>({ kind: 'closed' });
  const [deactivating, setDeactivating] = useState<T | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const setActive = (item: T, active: boolean, done?: () => void) => {
    setSaved(null);
    activation.mutate(activeEdit(item, active), {
      onSuccess: (result) => {
        setSaved(activatedMessage(savedOf(result), active));
        done?.();
      },
    });
  };

  const actions: CatalogRowActions<T> | undefined = canEdit
    ? {
        onEdit: (item) => {
          setSaved(null);
          setEditing({ kind: 'edit', item });
        },
        onDeactivate: (item) => {
          activation.reset();
          setDeactivating(item);
        },
        onActivate: (item) => setActive(item, true),
        busy: activation.isPending,
      }
    : undefined;

  return (
    <Card
      title={title}
      aside={
        canEdit ? (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setSaved(null);
              setEditing({ kind: 'add' });
            }}
          >
            {addLabel}
          </button>
        ) : null
      }
    >
      <CatalogFilters what={what} label={searchLabel} filter={filter} onChange={setFilter} />
      {saved ? (
        <p className="notice" role="status">
          {saved}
        </p>
      ) : null}
      {!deactivating ? <ErrorMessage error={activation.error} messages={CATALOG_MESSAGES} /> : null}
      <CatalogPages
        key={JSON.stringify(filter)}
        filter={filter}
        actions={actions}
        usePage={usePage}
        itemsOf={itemsOf}
        columns={columns}
        copy={copy}
      />
      {!canEdit ? <p className="card-note">{managerNote}</p> : null}
      {editing.kind !== 'closed'
        ? dialog({
            key: editing.kind === 'add' ? 'add' : editing.item.id,
            item: editing.kind === 'edit' ? editing.item : undefined,
            onSaved: (message) => {
              setEditing({ kind: 'closed' });
              setSaved(message);
            },
            onClose: () => setEditing({ kind: 'closed' }),
          })
        : null}
      {deactivating ? (
        <DeactivateDialog
          name={deactivating.name}
          consequences={consequences(deactivating)}
          pending={activation.isPending}
          error={activation.error}
          onConfirm={() => setActive(deactivating, false, () => setDeactivating(null))}
          onClose={() => setDeactivating(null)}
        />
      ) : null}
    </Card>
  );
}
