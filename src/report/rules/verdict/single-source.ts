import { verdictRule } from '../rule.js';

export const verdictSingleSource = verdictRule('single-source');
