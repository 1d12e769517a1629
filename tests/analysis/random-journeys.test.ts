/** Randomized agreement (see random-runs.ts): the journey analyses built on the funnel. */
import { randomAgreement } from './random-runs.js';

randomAgreement(['sources', 'attribution', 'map', 'change']);
