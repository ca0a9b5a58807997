import type { Formatter } from './types.js';

/** The versioned JSON report (schemas/report.schema.json). */
export const formatJson: Formatter = (report) => `${JSON.stringify(report, null, 2)}\n`;
