// A record-level file's header cells as the readers take them: the name a cell gives (without the
// quotes and spaces around it), and that name as the layouts compare it (any case). Pure.

/** The name a header cell gives: `"Admission_Date" ` is Admission_Date. */
export const unquoted = (cell: string) => cell.trim().replace(/^"|"$/g, '');

/** A header cell as the layouts compare them: case, spaces and quotes aside. */
export const headerKey = (cell: string) => unquoted(cell).toLowerCase();
