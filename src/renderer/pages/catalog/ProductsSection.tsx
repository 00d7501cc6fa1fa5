import { createColumnHelper } from '@tanstack/react-table';
import { useProducts, useSaveProduct, type AdminProduct } from '../../api/catalog.js';
import { formatMoney } from '../../format.js';
import { vatRateText } from '../invoices/invoice-copy.js';
import { activeEdit } from './catalog-form.js';
import {
  CatalogListSection,
  nameColumn,
  statusAndActionColumns,
  type CatalogRowActions,
} from './CatalogListSection.js';
import { ProductDialog } from './ProductDialog.js';

const column = createColumnHelper<AdminProduct>();

function productColumns(actions: CatalogRowActions<AdminProduct> | undefined) {
  return [
    nameColumn<AdminProduct>('product', 'Product'),
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
    ...statusAndActionColumns(actions),
  ];
}

/**
 * The store's products: searched by name, ID or barcode, with their price, VAT rate, barcode and department. A manager
 * adds and edits them, and deactivates one the store no longer sells (tills stop offering it on their next sync).
 */
export function ProductsSection() {
  const activation = useSaveProduct();
  return (
    <CatalogListSection
      title="Products"
      what="products"
      searchLabel="Name, ID or barcode"
      addLabel="Add a product"
      managerNote="A manager adds and changes products."
      copy={{
        caption: 'Products, by name',
        pagesLabel: 'Product pages',
        loading: 'Loading products…',
        noMatch: 'No products match.',
        none: 'No products yet. Add them one by one, or import a price book.',
      }}
      usePage={useProducts}
      itemsOf={(page) => page.products}
      columns={productColumns}
      activation={activation}
      activeEdit={activeEdit}
      savedOf={(result) => result.product}
      activatedMessage={(now, active) =>
        active
          ? `Activated ${now.name}. Tills offer it again after their next sync.`
          : `Deactivated ${now.name}. Tills stop offering it after their next sync.`
      }
      consequences={(product) => [
        'tills stop offering it after their next sync; sales already made and its stock stay as they are;',
        product.barcode
          ? `its barcode ${product.barcode} is free for another product while it is inactive;`
          : 'it stays in the catalog, shown as inactive;',
      ]}
      dialog={({ key, item, onSaved, onClose }) => (
        <ProductDialog key={key} product={item} onSaved={onSaved} onClose={onClose} />
      )}
    />
  );
}
