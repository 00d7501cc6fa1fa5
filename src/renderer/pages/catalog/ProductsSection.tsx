import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { useProducts, useSaveProduct, type AdminProduct, type CatalogFilter } from '../../api/catalog.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatMoney } from '../../format.js';
import { vatRateText } from '../invoices/invoice-copy.js';
import { AfterPager, useAfterPosition } from './AfterPages.js';
import { activeStatus, CATALOG_MESSAGES } from './catalog-copy.js';
import { activeEdit } from './catalog-form.js';
import { CatalogFilters } from './CatalogFilters.js';
import { DeactivateDialog } from './DeactivateDialog.js';
import { ProductDialog } from './ProductDialog.js';

const column = createColumnHelper<AdminProduct>();

interface Actions {
  onEdit(product: AdminProduct): void;
  onDeactivate(product: AdminProduct): void;
  onActivate(product: AdminProduct): void;
  busy: boolean;
}

function productColumns(actions: Actions | undefined) {
  return [
    column.display({
      id: 'product',
      header: 'Product',
      cell: ({ row: { original: p } }) => (
        <>
          <strong>{p.name}</strong>
          <div className="muted small mono id-cell">{p.id}</div>
        </>
      ),
    }),
    column.display({
      id: 'barcode',
      header: 'Barcode / PLU',
      cell: ({ row }) => <span className="mono id-cell">{row.original.barcode ?? '—'}</span>,
    }),
    column.display({ id: 'unit', header: 'Unit', cell: ({ row }) => row.original.unit }),
    column.display({
      id: 'price',
      header: 'Price',
      cell: ({ row }) => <span className="id-cell">{row.original.price ? formatMoney(row.original.price) : '—'}</span>,
    }),
    column.display({
      id: 'vat',
      header: 'VAT',
      cell: ({ row }) => (row.original.taxRate ? vatRateText(row.original.taxRate) : '—'),
    }),
    column.display({
      id: 'merchandiseCode',
      header: 'Merchandise code',
      cell: ({ row }) => <span className="mono">{row.original.merchandiseCode ?? '—'}</span>,
    }),
    column.display({
      id: 'status',
      header: 'Status',
      cell: ({ row }) => <StatusBadge status={activeStatus(row.original.active)} />,
    }),
    column.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: p } }) =>
        actions ? (
          <div className="actions">
            <button
              type="button"
              className="button small"
              onClick={() => actions.onEdit(p)}
              aria-label={`Edit ${p.name}`}
            >
              Edit
            </button>
            {p.active ? (
              <button
                type="button"
                className="button small"
                onClick={() => actions.onDeactivate(p)}
                aria-label={`Deactivate ${p.name}`}
              >
                Deactivate
              </button>
            ) : (
              <button
                type="button"
                className="button small"
                disabled={actions.busy}
                onClick={() => actions.onActivate(p)}
                aria-label={`Activate ${p.name}`}
              >
                Activate
              </button>
            )}
          </div>
        ) : null,
    }),
  ];
}

/** One filter's pages; remounted (back to the first page) whenever the filter changes. */
function ProductPages({ filter, actions }: { filter: CatalogFilter; actions: Actions | undefined }) {
  const pager = useAfterPosition();
  const pages = useProducts(filter, pager.after);
  if (!pages.data) {
    return pages.isError ? <ErrorMessage error={pages.error} /> : <p className="muted">Loading products…</p>;
  }
  const { products, total, nextAfter } = pages.data;
  return (
    <>
      <ErrorMessage error={pages.error} />
      <DataTable
        caption="Products, by name"
        data={products}
        columns={productColumns(actions)}
        getRowId={(product) => product.id}
        empty={
          filter.q || filter.active !== undefined
            ? 'No products match.'
            : 'No products yet. Add them one by one, or import a price book.'
        }
      />
      <AfterPager
        label="Product pages"
        pager={pager}
        nextAfter={nextAfter}
        moving={pages.isPlaceholderData}
        shown={products.length}
        total={total}
      />
    </>
  );
}

type Editing = { kind: 'closed' } | { kind: 'add' } | { kind: 'edit'; product: AdminProduct };

/**
 * The store's products: searched by name, ID or barcode, with their price, VAT rate, barcode and department. A manager
 * adds and edits them, and deactivates one the store no longer sells (tills stop offering it on their next sync).
 */
export function ProductsSection() {
  const canEdit = useHasRole('manager');
  const [filter, setFilter] = useState<CatalogFilter>({});
  const [editing, setEditing] = useState<Editing>({ kind: 'closed' });
  const [deactivating, setDeactivating] = useState<AdminProduct | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const activation = useSaveProduct();

  const setActive = (product: AdminProduct, active: boolean, done?: () => void) => {
    setSaved(null);
    activation.mutate(activeEdit(product, active), {
      onSuccess: ({ product: now }) => {
        setSaved(
          active
            ? `Activated ${now.name}. Tills offer it again after their next sync.`
            : `Deactivated ${now.name}. Tills stop offering it after their next sync.`,
        );
        done?.();
      },
    });
  };

  const actions: Actions | undefined = canEdit
    ? {
        onEdit: (product) => {
          setSaved(null);
          setEditing({ kind: 'edit', product });
        },
        onDeactivate: (product) => {
          activation.reset();
          setDeactivating(product);
        },
        onActivate: (product) => setActive(product, true),
        busy: activation.isPending,
      }
    : undefined;

  return (
    <Card
      title="Products"
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
            Add a product
          </button>
        ) : null
      }
    >
      <CatalogFilters what="products" label="Name, ID or barcode" filter={filter} onChange={setFilter} />
      {saved ? (
        <p className="notice" role="status">
          {saved}
        </p>
      ) : null}
      {!deactivating ? <ErrorMessage error={activation.error} messages={CATALOG_MESSAGES} /> : null}
      <ProductPages key={JSON.stringify(filter)} filter={filter} actions={actions} />
      {!canEdit ? <p className="card-note">A manager adds and changes products.</p> : null}
      {editing.kind !== 'closed' ? (
        <ProductDialog
          key={editing.kind === 'add' ? 'add' : editing.product.id}
          product={editing.kind === 'edit' ? editing.product : undefined}
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
            'tills stop offering it after their next sync; sales already made and its stock stay as they are;',
            deactivating.barcode
              ? `its barcode ${deactivating.barcode} is free for another product while it is inactive;`
              : 'it stays in the catalog, shown as inactive;',
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
