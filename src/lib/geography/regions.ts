import { nameKey } from './names';

// England (E92000001) and its nine regions (E12), with their official names.
// Source: ONS, "Regions (December 2020) Names and Codes in England"; the mid-year estimates print
// the names in capitals and East of England as "EAST", which regionByName also meets.

/** England's nine regions (ONS E12 codes) by their official names. */
export const REGIONS: { code: string; name: string }[] = [
  { code: 'E12000001', name: 'North East' },
  { code: 'E12000002', name: 'North West' },
  { code: 'E12000003', name: 'Yorkshire and The Humber' },
  { code: 'E12000004', name: 'East Midlands' },
  { code: 'E12000005', name: 'West Midlands' },
  { code: 'E12000006', name: 'East of England' },
  { code: 'E12000007', name: 'London' },
  { code: 'E12000008', name: 'South East' },
  { code: 'E12000009', name: 'South West' },
];

export const ENGLAND_CODE = 'E92000001';
export const ENGLAND_NAME = 'England';

const byKey = new Map(REGIONS.map((r) => [nameKey(r.name), r]));
byKey.set(nameKey('Yorkshire and the Humber'), REGIONS[2]!);
byKey.set(nameKey('East'), REGIONS[5]!);

export function regionByName(name: string): { code: string; name: string } | undefined {
  return byKey.get(nameKey(name));
}
