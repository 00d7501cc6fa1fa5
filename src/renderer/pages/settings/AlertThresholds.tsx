/**
 * The alert rules of DESIGN §11 that the hub evaluates. Its configured values come from its config file and
 * BACKROOM_ALERTS_* variables and are not readable over the admin API yet, so the defaults are shown as defaults.
 */
const RULES: ReadonlyArray<{ rule: string; warning: string; critical: string }> = [
  { rule: 'Device not seen', warning: '24 h', critical: '72 h' },
  { rule: 'Events queued on one device', warning: '100', critical: '500' },
  { rule: 'Conflict unresolved', warning: '24 h', critical: '7 days' },
  { rule: 'Rejected pushes in a row', warning: '—', critical: '10' },
];

export function AlertThresholds() {
  return (
    <>
      <table className="table">
        <caption className="sr-only">Alert thresholds (defaults)</caption>
        <thead>
          <tr>
            <th scope="col">Alert when</th>
            <th scope="col">Warning above</th>
            <th scope="col">Critical above</th>
          </tr>
        </thead>
        <tbody>
          {RULES.map((rule) => (
            <tr key={rule.rule}>
              <th scope="row">{rule.rule}</th>
              <td>{rule.warning}</td>
              <td>{rule.critical}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="card-note">
        Read-only: these are the defaults. The hub takes its thresholds from its configuration file (the{' '}
        <code>alerts</code> section) or <code>BACKROOM_ALERTS_*</code> environment variables and does not report them to
        this screen yet.
      </p>
    </>
  );
}
