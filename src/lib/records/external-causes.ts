// Where a spell's external cause is read from: the ICD-10 code of what caused an injury (W00-W19, a
// fall), which OHID's falls indicator (PHOF C29) takes from any diagnosis position (HES's CAUSE).
// SUS+ extracts hold it among the secondary diagnoses: numbered fields (Secondary_Diagnosis_Code_1,
// _2, … as the SUS episode tables and NHS England's secure environment name them) or one list field
// (Der_Diagnosis_All, the national data warehouse's, as '||S720 ,I10 ,W010 ||…'); an extract made
// for this dashboard may give it alone (External_Cause_Code). Pure: header names and SQL text only.
import { headerKey } from './header-cells';
import { dueToFall, fallCause, fallCauseListed } from './spell-codes';

export const CAUSE_CODE = 'External_Cause_Code';
const LIST = 'der_diagnosis_all';
const NUMBERED = /^secondary_diagnosis_code_\d+$/;

/** The header's columns that may hold an external cause, as the header names them: one code each (`codes`) or a list of codes (`lists`). */
export function causeColumns(header: string[]): { codes: string[]; lists: string[] } {
  return {
    codes: header.filter((h) => headerKey(h) === headerKey(CAUSE_CODE) || NUMBERED.test(headerKey(h))),
    lists: header.filter((h) => headerKey(h) === LIST),
  };
}

/** Whether the header names a column an external cause may be read from (a spells file needs one). */
export const hasCauseColumn = (header: string[]) => {
  const { codes, lists } = causeColumns(header);
  return codes.length + lists.length > 0;
};

/**
 * A spell due to a fall: an injury as its primary diagnosis with a fall (W00-W19) in any column the
 * header gives an external cause in. `cell` names a column of the header in the SQL. With
 * External_Cause_Code alone the SQL is what it was before the other columns were read.
 */
export function fallSql(header: string[], diagnosis: string, cell: (field: string) => string): string {
  const { codes, lists } = causeColumns(header);
  return dueToFall(diagnosis, ...codes.map((c) => fallCause(cell(c))), ...lists.map((l) => fallCauseListed(cell(l))));
}
