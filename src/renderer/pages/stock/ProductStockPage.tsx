import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useStockMovements } from '../../api/stock.js';
import { BeforePages } from '../../components/BeforePager.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryErrors } from '../../components/QueryErrors.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { formatCount } from '../../format.js';
import { useBeforePosition } from '../../hooks/before-pages.js';
import { MovementTable } from './MovementTable.js';

function History({ productId, locationId }: { productId: string; locationId: string | undefined }) {
  const { position, before, go } = useBeforePosition<number>();
  const page = useStockMovements(productId, locationId, before);
  return (
    <>
      <QueryErrors errors={[page.error]} />
      <BeforePages pages={page} label="History pages" position={position} onGo={go} loading="Loading the history…">
        {(data) => <MovementTable movements={data.movements} />}
      </BeforePages>
    </>
  );
}

/** A product's stock now at each location, and every ledger record that changed it, with the device and person. */
export function ProductStockPage() {
  const productId = useParams().productId ?? '';
  const [locationId, setLocationId] = useState<string | undefined>();
  // The levels come with every page; the first page's answer names the product.
  const first = useStockMovements(productId, undefined, undefined);
  const product = first.data?.product;
  const levels = first.data?.levels ?? [];

  return (
    <>
      <PageHeader
        title={product ? product.name : productId}
        intro={
          <>
            Every ledger record that changed this product’s stock, newest first, with the device and the person.{' '}
            <Link to="/stock">All stock</Link>
          </>
        }
      />
      <QueryErrors errors={[first.error]} />
      {first.data && !product ? (
        <p className="notice">The catalog has no product “{productId}”; only its recorded movements are shown.</p>
      ) : null}
      <Card title="On the books now">
        {levels.length === 0 ? (
          <p className="empty">{first.isPending ? 'Loading…' : 'Not at any location yet.'}</p>
        ) : (
          <Facts>
            {levels.map((level) => (
              <Fact key={level.locationId} label={level.locationName}>
                <span className={level.quantity < 0 ? 'stock-negative' : undefined}>
                  {formatCount(level.quantity)} {product?.unit ?? ''}
                </span>
              </Fact>
            ))}
          </Facts>
        )}
      </Card>
      <Card
        title="History"
        aside={
          <SelectFilter
            className="inline-field"
            label="Location"
            value={locationId}
            allText="All locations"
            options={levels.map((level) => ({ value: level.locationId, label: level.locationName }))}
            onChange={setLocationId}
          />
        }
      >
        <History key={locationId ?? ''} productId={productId} locationId={locationId} />
      </Card>
    </>
  );
}
