import { verdictRule } from '../rule.js';

export const verdictUnsupported = verdictRule('unsupported');
