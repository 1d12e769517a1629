/** Randomized agreement (see random-runs.ts): the list of people, one person's journey, custom events and retention. */
import { randomAgreement } from './random-runs.js';

randomAgreement(['visitors', 'visitor', 'custom_events', 'retention']);
