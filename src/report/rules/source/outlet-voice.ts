import { defineRule } from '../rule.js';

export const sourceOutletVoice = defineRule({
  id: 'source/outlet-voice',
  severity: 'warning',
  short: 'A news outlet counts as an independent supporting voice.',
  full: 'Agencies and outlets mostly pass on what someone else said; counted as voices of their own, two outlets relaying one speaker look like corroboration.',
  help: 'Name the speaker as the source and put the outlet in the assertion\'s via, or mark the outlet witness: true when its own reporter saw it.',
  // An outlet may have had its own reporter there.
  precision: 'high',
});
