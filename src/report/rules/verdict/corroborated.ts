import { verdictRule } from '../rule.js';

export const verdictCorroborated = verdictRule('corroborated');
