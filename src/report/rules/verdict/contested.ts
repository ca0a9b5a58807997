import { verdictRule } from '../rule.js';

export const verdictContested = verdictRule('contested');
