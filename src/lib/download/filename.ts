/** A file name from a title: "Halton: Permanent admissions (65+)" → "halton-permanent-admissions-65.csv". */
export function fileName(text: string, extension: string, fallback = 'chart'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug || fallback}.${extension.replace(/^\./, '')}`;
}
