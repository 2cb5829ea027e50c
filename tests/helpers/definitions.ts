// Every test starts with the built-in metric definitions in force, as a page does with the
// published ones.
import { builtinDefinitions } from '../../pipelines/definitions';
import { metricsFromRows, useMetrics } from '../../src/lib/definitions';

export const BUILTIN_METRICS = metricsFromRows(builtinDefinitions());
export const BUILTIN_LOOKUP = new Map(BUILTIN_METRICS.map((m) => [m.id, m]));
useMetrics(BUILTIN_METRICS);
