import type { AlertRule } from '../alert-rule.js';

interface Row {
  printer_id: string;
  name: string | null;
  uncertain: number;
  oldest: string;
}

/** Jobs that may or may not be on paper wait for a manager's reprint-or-drop; nobody else will decide them. */
export const uncertainReceipts: AlertRule = (db) =>
  db
    .prepare<[], Row>(
      `SELECT j.printer_id, json_extract(p.settings, '$.name') AS name, COUNT(*) AS uncertain,
         MIN(j.updated_at) AS oldest
       FROM print_jobs j LEFT JOIN printers p ON p.id = j.printer_id
       WHERE j.state = 'uncertain' GROUP BY j.printer_id`,
    )
    .all()
    .map((row) => ({
      key: `uncertain-receipts:${row.printer_id}`,
      severity: 'warning',
      subject: `printer:${row.printer_id}`,
      message:
        `${row.uncertain === 1 ? '1 receipt' : `${row.uncertain} receipts`} on ${row.name ?? row.printer_id} ` +
        'may not have printed: reprint or drop on the Hardware screen',
      data: { printerId: row.printer_id, uncertain: row.uncertain, oldest: row.oldest },
    }));
