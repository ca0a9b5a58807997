import { verdictRule } from '../rule.js';

export const verdictUnderCorroborated = verdictRule('under-corroborated');
