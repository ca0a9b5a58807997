import { safeJson } from '../util/text.js';
import type { Formatter } from './types.js';

/** The versioned JSON report (schemas/report.schema.json). */
export const formatJson: Formatter = (report) => `${safeJson(report)}\n`;
