import { useLocations, useSaveLocation, type AdminLocation } from '../../api/catalog.js';
import {
  CatalogListSection,
  nameColumn,
  statusAndActionColumns,
  type CatalogRowActions,
} from './CatalogListSection.js';
import { LocationDialog } from './LocationDialog.js';

function locationColumns(actions: CatalogRowActions<AdminLocation> | undefined) {
  return [nameColumn<AdminLocation>('location', 'Location'), ...statusAndActionColumns(actions)];
}

/** Where stock is kept: a manager adds, renames, deactivates (no more stock moved in) and activates locations. */
export function LocationsSection() {
  const activation = useSaveLocation();
  return (
    <CatalogListSection
      title="Locations"
      what="locations"
      searchLabel="Name or ID"
      addLabel="Add a location"
      managerNote="A manager adds and changes locations."
      copy={{
        caption: 'Locations, by name',
        pagesLabel: 'Location pages',
        loading: 'Loading locations…',
        noMatch: 'No locations match.',
        none: 'No locations yet: add the shelves, back room and other places stock is kept.',
      }}
      usePage={useLocations}
      itemsOf={(page) => page.locations}
      columns={locationColumns}
      activation={activation}
      activeEdit={(location, active) => ({
        id: location.id,
        name: location.name,
        active,
        expectedVersion: location.version,
      })}
      savedOf={(result) => result.location}
      activatedMessage={(now, active) => (active ? `Activated ${now.name}.` : `Deactivated ${now.name}.`)}
      consequences={() => [
        'stock movements there (receipts, issues, returns, counts, transfers in or out) are refused from then on;',
        'sales made there are still recorded (a sale that happened is never refused), and its stock stays as it is;',
      ]}
      dialog={({ key, item, onSaved, onClose }) => (
        <LocationDialog key={key} location={item} onSaved={onSaved} onClose={onClose} />
      )}
    />
  );
}
