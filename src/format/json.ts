import { commandFreeJson, safeJson } from '../util/text.js';
import type { Formatter } from './types.js';

/** The versioned JSON report (schemas/report.schema.json), with no "##[" that a CI log would run (encoded, not changed). */
export const formatJson: Formatter = (report) => `${commandFreeJson(safeJson(report))}\n`;
