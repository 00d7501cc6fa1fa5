import { useId, useState } from 'react';
import { Link } from 'react-router';
import { countSheetCsvUrl, useCountSheet, useStock, type CountSheet } from '../../api/stock.js';
import { PageHeader } from '../../components/PageHeader.js';
import { PendingNote } from '../../components/PendingNote.js';
import { QueryErrors } from '../../components/QueryErrors.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { formatCount, formatDateTime } from '../../format.js';

/** One location's page: every product with what the books hold (left out for a blind count) and a box to write in. */
function LocationSheet({
  sheet,
  location,
  blind,
}: {
  sheet: CountSheet;
  location: CountSheet['locations'][number];
  blind: boolean;
}) {
  return (
    <section className="count-sheet-location" aria-label={`Count sheet: ${location.locationName}`}>
      <header className="count-sheet-head">
        <h2>Count sheet: {location.locationName}</h2>
        <p className="small">
          Books as of record #{sheet.cursor}, {formatDateTime(sheet.generatedAt)}. Counted by: ____________ Date:
          ____________
        </p>
      </header>
      {location.lines.length === 0 ? (
        <p className="empty">The catalog has no products yet.</p>
      ) : (
        <table className="table count-sheet-table">
          <caption className="sr-only">Products to count at {location.locationName}</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Product ID</th>
              <th scope="col">Unit</th>
              {blind ? null : (
                <th scope="col" className="num">
                  On the books
                </th>
              )}
              <th scope="col" className="count-box">
                Counted
              </th>
            </tr>
          </thead>
          <tbody>
            {location.lines.map((line) => (
              <tr key={line.productId}>
                <td>{line.productName}</td>
                <td className="mono">{line.productId}</td>
                <td>{line.unit}</td>
                {blind ? null : <td className="num">{formatCount(line.expected)}</td>}
                <td className="count-box" />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * A stock take's count sheet, one page per location: print it and count with a pen, or download it as CSV to fill in
 * a spreadsheet. A blind count leaves the books out, so the counter writes what is there, not what should be.
 */
export function CountSheetPage() {
  const [locationId, setLocationId] = useState<string | undefined>();
  const [blind, setBlind] = useState(false);
  const blindId = useId();
  const sheet = useCountSheet(locationId);
  // The location choices; one small page of levels brings the catalog's locations with it.
  const locations = useStock('limit=1').data?.locations ?? [];

  return (
    <>
      <PageHeader
        title="Count sheet"
        intro={
          <>
            Every product at a location with what the books hold, for a stock take. <Link to="/stock">All stock</Link>
          </>
        }
      />
      <div className="filters count-sheet-toolbar">
        <SelectFilter
          label="Location"
          value={locationId}
          allText="Every active location"
          options={locations.map((l) => ({ value: l.id, label: `${l.name}${l.active ? '' : ' (inactive)'}` }))}
          onChange={setLocationId}
        />
        <label className="check" htmlFor={blindId}>
          <input id={blindId} type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} />
          Blind count (leave out the books)
        </label>
        <div className="filters-actions">
          <button type="button" className="button primary" disabled={!sheet.data} onClick={() => window.print()}>
            Print
          </button>
          <a className="button" href={countSheetCsvUrl(locationId, blind)} download>
            Download CSV
          </a>
        </div>
      </div>
      <QueryErrors errors={[sheet.error]} />
      {sheet.data ? (
        <article className="count-sheet" aria-label="Count sheet">
          {sheet.data.locations.length === 0 ? (
            <p className="empty">No active locations to count.</p>
          ) : (
            sheet.data.locations.map((location) => (
              <LocationSheet key={location.locationId} sheet={sheet.data} location={location} blind={blind} />
            ))
          )}
        </article>
      ) : (
        <PendingNote query={sheet} loading="Loading the count sheet…" />
      )}
    </>
  );
}
