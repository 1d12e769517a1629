/** Randomized agreement (see random-runs.ts): the traffic analyses. */
import { randomAgreement } from './random-runs.js';

randomAgreement(['overview', 'bounce_change', 'funnel', 'dropoff', 'paths', 'pages']);
