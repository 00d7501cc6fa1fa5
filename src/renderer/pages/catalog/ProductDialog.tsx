import { useId, useState } from 'react';
import { useSaveProduct, type AdminProduct } from '../../api/catalog.js';
import { Field } from '../../components/Field.js';
import { emptyProductDraft, fromProductDraft, toProductDraft, vatChoices, type ProductDraft } from './catalog-form.js';
import { CatalogEditDialog, CatalogIdField } from './CatalogEditDialog.js';

/**
 * Adding a product (`product` absent) or changing one, in a dialog over the list. The change is made against the
 * version on screen: if someone changed the product meanwhile, the hub refuses it instead of overwriting theirs.
 */
export function ProductDialog({
  product,
  onSaved,
  onClose,
}: {
  product?: AdminProduct;
  onSaved: (message: string) => void;
  onClose: () => void;
}) {
  const adding = product === undefined;
  const [draft, setDraft] = useState<ProductDraft>(() => (product ? toProductDraft(product) : emptyProductDraft()));
  const save = useSaveProduct();
  const vatId = useId();
  const set = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  return (
    <CatalogEditDialog
      noun="product"
      existing={product}
      save={save}
      check={() => fromProductDraft(draft, product)}
      savedName={(answer) => answer.product.name}
      onSaved={onSaved}
      onClose={onClose}
    >
      <div className="printer-form-grid">
        <CatalogIdField noun="product" adding={adding} value={draft.id} onChange={(id) => set('id', id)} />
        <Field
          label="Name"
          hint="As receipts print it."
          required
          maxLength={200}
          value={draft.name}
          onChange={(e) => set('name', e.target.value)}
        />
        <Field
          label="Unit"
          hint="pcs, kg, l… Quantities count whole units of it."
          required
          maxLength={16}
          value={draft.unit}
          onChange={(e) => set('unit', e.target.value)}
        />
        <Field
          label={`Price (${product?.price?.currency ?? 'PLN'})`}
          hint="Gross, e.g. 4.50. Empty: no price."
          inputMode="decimal"
          autoComplete="off"
          value={draft.price}
          onChange={(e) => set('price', e.target.value)}
        />
        <div className="field">
          <label htmlFor={vatId}>VAT rate</label>
          <select id={vatId} value={draft.taxRate} onChange={(e) => set('taxRate', e.target.value)}>
            {vatChoices(draft.taxRate).map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Barcode or PLU"
          hint="EAN/GTIN (8, 12, 13 or 14 digits, check digit included) or a PLU of 1 to 6 digits."
          inputMode="numeric"
          autoComplete="off"
          maxLength={14}
          value={draft.barcode}
          onChange={(e) => set('barcode', e.target.value)}
        />
        <Field
          label="Merchandise code"
          hint="The department sales are reported under (Conexxus). Optional."
          maxLength={16}
          autoComplete="off"
          value={draft.merchandiseCode}
          onChange={(e) => set('merchandiseCode', e.target.value)}
        />
      </div>
    </CatalogEditDialog>
  );
}
