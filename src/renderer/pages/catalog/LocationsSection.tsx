import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { useLocations, useSaveLocation, type AdminLocation, type CatalogFilter } from '../../api/catalog.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { AfterPager, useAfterPosition } from './AfterPages.js';
import { activeStatus, CATALOG_MESSAGES } from './catalog-copy.js';
import { CatalogFilters } from './CatalogFilters.js';
import { DeactivateDialog } from './DeactivateDialog.js';
import { LocationDialog } from './LocationDialog.js';

const column = createColumnHelper<AdminLocation>();

interface Actions {
  onEdit(location: AdminLocation): void;
  onDeactivate(location: AdminLocation): void;
  onActivate(location: AdminLocation): void;
  busy: boolean;
}

function locationColumns(actions: Actions | undefined) {
  return [
    column.display({
      id: 'location',
      header: 'Location',
      cell: ({ row: { original: l } }) => (
        <>
          <strong>{l.name}</strong>
          <div className="muted small mono id-cell">{l.id}</div>
        </>
      ),
    }),
    column.display({
      id: 'status',
      header: 'Status',
      cell: ({ row }) => <StatusBadge status={activeStatus(row.original.active)} />,
    }),
    column.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: l } }) =>
        actions ? (
          <div className="actions">
            <button
              type="button"
              className="button small"
              onClick={() => actions.onEdit(l)}
              aria-label={`Edit ${l.name}`}
            >
              Edit
            </button>
            {l.active ? (
              <button
                type="button"
                className="button small"
                onClick={() => actions.onDeactivate(l)}
                aria-label={`Deactivate ${l.name}`}
              >
                Deactivate
              </button>
            ) : (
              <button
                type="button"
                className="button small"
                disabled={actions.busy}
                onClick={() => actions.onActivate(l)}
                aria-label={`Activate ${l.name}`}
              >
                Activate
              </button>
            )}
          </div>
        ) : null,
    }),
  ];
}

function LocationPages({ filter, actions }: { filter: CatalogFilter; actions: Actions | undefined }) {
  const pager = useAfterPosition();
  const pages = useLocations(filter, pager.after);
  if (!pages.data) {
    return pages.isError ? <ErrorMessage error={pages.error} /> : <p className="muted">Loading locations…</p>;
  }
  const { locations, total, nextAfter } = pages.data;
  return (
    <>
      <ErrorMessage error={pages.error} />
      <DataTable
        caption="Locations, by name"
        data={locations}
        columns={locationColumns(actions)}
        getRowId={(location) => location.id}
        empty={
          filter.q || filter.active !== undefined
            ? 'No locations match.'
            : 'No locations yet: add the shelves, back room and other places stock is kept.'
        }
      />
      <AfterPager
        label="Location pages"
        pager={pager}
        nextAfter={nextAfter}
        moving={pages.isPlaceholderData}
        shown={locations.length}
        total={total}
      />
    </>
  );
}

type Editing = { kind: 'closed' } | { kind: 'add' } | { kind: 'edit'; location: AdminLocation };

/** Where stock is kept: a manager adds, renames, deactivates (no more stock moved in) and activates locations. */
export function LocationsSection() {
  const canEdit = useHasRole('manager');
  const [filter, setFilter] = useState<CatalogFilter>({});
  const [editing, setEditing] = useState<Editing>({ kind: 'closed' });
  const [deactivating, setDeactivating] = useState<AdminLocation | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const activation = useSaveLocation();

  const setActive = (location: AdminLocation, active: boolean, done?: () => void) => {
    setSaved(null);
    activation.mutate(
      { id: location.id, name: location.name, active, expectedVersion: location.version },
      {
        onSuccess: ({ location: now }) => {
          setSaved(active ? `Activated ${now.name}.` : `Deactivated ${now.name}.`);
          done?.();
        },
      },
    );
  };

  const actions: Actions | undefined = canEdit
    ? {
        onEdit: (location) => {
          setSaved(null);
          setEditing({ kind: 'edit', location });
        },
        onDeactivate: (location) => {
          activation.reset();
          setDeactivating(location);
        },
        onActivate: (location) => setActive(location, true),
        busy: activation.isPending,
      }
    : undefined;

  return (
    <Card
      title="Locations"
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
            Add a location
          </button>
        ) : null
      }
    >
      <CatalogFilters what="locations" label="Name or ID" filter={filter} onChange={setFilter} />
      {saved ? (
        <p className="notice" role="status">
          {saved}
        </p>
      ) : null}
      {!deactivating ? <ErrorMessage error={activation.error} messages={CATALOG_MESSAGES} /> : null}
      <LocationPages key={JSON.stringify(filter)} filter={filter} actions={actions} />
      {!canEdit ? <p className="card-note">A manager adds and changes locations.</p> : null}
      {editing.kind !== 'closed' ? (
        <LocationDialog
          key={editing.kind === 'add' ? 'add' : editing.location.id}
          location={editing.kind === 'edit' ? editing.location : undefined}
          onSaved={(message) => {
            setEditing({ kind: 'closed' });
            setSaved(message);
          }}
          onClose={() => setEditing({ kind: 'closed' })}
        />
      ) : null}
      {deactivating ? (
        <DeactivateDialog
          name={deactivating.name}
          consequences={[
            'stock movements there (receipts, issues, returns, counts, transfers in or out) are refused from then on;',
            'sales made there are still recorded (a sale that happened is never refused), and its stock stays as it is;',
          ]}
          pending={activation.isPending}
          error={activation.error}
          onConfirm={() => setActive(deactivating, false, () => setDeactivating(null))}
          onClose={() => setDeactivating(null)}
        />
      ) : null}
    </Card>
  );
}
