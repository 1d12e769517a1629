/** Randomized agreement (see random-runs.ts): the list of people and one person's journey. */
import { randomAgreement } from './random-runs.js';

randomAgreement(['visitors', 'visitor']);
