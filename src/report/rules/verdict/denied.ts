import { verdictRule } from '../rule.js';

export const verdictDenied = verdictRule('denied');
