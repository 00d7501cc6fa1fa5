/**
 * The alert rules of DESIGN §11 that the hub evaluates. Its configured values come from its config file and
 * BACKROOM_ALERTS_* variables and are not readable over the admin API yet, so the defaults are shown as defaults.
 */
const RULES: ReadonlyArray<{ rule: string; warning: string; critical: string; setting: string }> = [
  { rule: 'Device not seen', warning: '24 h', critical: '72 h', setting: 'alerts.deviceOffline…Hours' },
  { rule: 'Events queued on one device', warning: '100', critical: '500', setting: 'alerts.deviceQueue…' },
  { rule: 'Conflict unresolved', warning: '24 h', critical: '7 days', setting: 'alerts.conflictUnresolved…Hours' },
  { rule: 'Rejected pushes in a row', warning: '—', critical: '10', setting: 'alerts.syncFailuresCritical' },
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
            <th scope="col">Setting</th>
          </tr>
        </thead>
        <tbody>
          {RULES.map((rule) => (
            <tr key={rule.rule}>
              <th scope="row">{rule.rule}</th>
              <td>{rule.warning}</td>
              <td>{rule.critical}</td>
              <td className="mono small">{rule.setting}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="card-note">
        Read-only: these are the defaults. The hub takes its thresholds from its configuration file or BACKROOM_ALERTS_*
        environment variables and does not report them to this screen yet.
      </p>
    </>
  );
}
