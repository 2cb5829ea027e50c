export * from './metric';
export * from './registry';
export { parseDefinition, definitionSetProblems, metricsFromRows, overlaid, DEFINITION_COLUMNS, type DefinitionRow, type DefinitionColumn, type DefinitionProblem } from './parse';
