// England's 42 integrated care boards (ICBs), established 1 July 2022, each with the ONS region
// holding most of its population (two cross a region boundary: North East and North Cumbria
// takes in Cumbria's north, in the North West; Bedfordshire, Luton and Milton Keynes takes in
// Milton Keynes, in the South East).
// Source: NHS England / ONS, "Integrated Care Boards (July 2022) Names and Codes in England"
// (ODS code, ONS E54 code, name), as in the project's reference copy nhsd/icb-codes.csv, 2022.

export interface Icb {
  /** ONS code (E54). */
  code: string;
  /** NHS Organisation Data Service code. */
  ods: string;
  /** Official name. */
  name: string;
  /** ONS region (E12) holding most of the ICB's population. */
  region: string;
}

/** The day ICBs took over from clinical commissioning groups. */
export const ICBS_FROM = '2022-07-01';

export const ICBS: Icb[] = [
  { code: 'E54000050', ods: 'QHM', name: 'NHS North East and North Cumbria Integrated Care Board', region: 'E12000001' },
  { code: 'E54000048', ods: 'QE1', name: 'NHS Lancashire and South Cumbria Integrated Care Board', region: 'E12000002' },
  { code: 'E54000054', ods: 'QWO', name: 'NHS West Yorkshire Integrated Care Board', region: 'E12000003' },
  { code: 'E54000051', ods: 'QOQ', name: 'NHS Humber and North Yorkshire Integrated Care Board', region: 'E12000003' },
  { code: 'E54000057', ods: 'QOP', name: 'NHS Greater Manchester Integrated Care Board', region: 'E12000002' },
  { code: 'E54000008', ods: 'QYG', name: 'NHS Cheshire and Merseyside Integrated Care Board', region: 'E12000002' },
  { code: 'E54000061', ods: 'QF7', name: 'NHS South Yorkshire Integrated Care Board', region: 'E12000003' },
  { code: 'E54000010', ods: 'QNC', name: 'NHS Staffordshire and Stoke-On-Trent Integrated Care Board', region: 'E12000005' },
  { code: 'E54000011', ods: 'QOC', name: 'NHS Shropshire, Telford and Wrekin Integrated Care Board', region: 'E12000005' },
  { code: 'E54000058', ods: 'QJ2', name: 'NHS Derby and Derbyshire Integrated Care Board', region: 'E12000004' },
  { code: 'E54000013', ods: 'QJM', name: 'NHS Lincolnshire Integrated Care Board', region: 'E12000004' },
  { code: 'E54000060', ods: 'QT1', name: 'NHS Nottingham and Nottinghamshire Integrated Care Board', region: 'E12000004' },
  { code: 'E54000015', ods: 'QK1', name: 'NHS Leicester, Leicestershire and Rutland Integrated Care Board', region: 'E12000004' },
  { code: 'E54000062', ods: 'QUA', name: 'NHS Black Country Integrated Care Board', region: 'E12000005' },
  { code: 'E54000055', ods: 'QHL', name: 'NHS Birmingham and Solihull Integrated Care Board', region: 'E12000005' },
  { code: 'E54000018', ods: 'QWU', name: 'NHS Coventry and Warwickshire Integrated Care Board', region: 'E12000005' },
  { code: 'E54000019', ods: 'QGH', name: 'NHS Herefordshire and Worcestershire Integrated Care Board', region: 'E12000005' },
  { code: 'E54000059', ods: 'QPM', name: 'NHS Northamptonshire Integrated Care Board', region: 'E12000004' },
  { code: 'E54000056', ods: 'QUE', name: 'NHS Cambridgeshire and Peterborough Integrated Care Board', region: 'E12000006' },
  { code: 'E54000022', ods: 'QMM', name: 'NHS Norfolk and Waveney Integrated Care Board', region: 'E12000006' },
  { code: 'E54000023', ods: 'QJG', name: 'NHS Suffolk and North East Essex Integrated Care Board', region: 'E12000006' },
  { code: 'E54000024', ods: 'QHG', name: 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board', region: 'E12000006' },
  { code: 'E54000025', ods: 'QM7', name: 'NHS Hertfordshire and West Essex Integrated Care Board', region: 'E12000006' },
  { code: 'E54000026', ods: 'QH8', name: 'NHS Mid and South Essex Integrated Care Board', region: 'E12000006' },
  { code: 'E54000027', ods: 'QRV', name: 'NHS North West London Integrated Care Board', region: 'E12000007' },
  { code: 'E54000028', ods: 'QMJ', name: 'NHS North Central London Integrated Care Board', region: 'E12000007' },
  { code: 'E54000029', ods: 'QMF', name: 'NHS North East London Integrated Care Board', region: 'E12000007' },
  { code: 'E54000030', ods: 'QKK', name: 'NHS South East London Integrated Care Board', region: 'E12000007' },
  { code: 'E54000031', ods: 'QWE', name: 'NHS South West London Integrated Care Board', region: 'E12000007' },
  { code: 'E54000032', ods: 'QKS', name: 'NHS Kent and Medway Integrated Care Board', region: 'E12000008' },
  { code: 'E54000053', ods: 'QNX', name: 'NHS Sussex Integrated Care Board', region: 'E12000008' },
  { code: 'E54000034', ods: 'QNQ', name: 'NHS Frimley Integrated Care Board', region: 'E12000008' },
  { code: 'E54000052', ods: 'QXU', name: 'NHS Surrey Heartlands Integrated Care Board', region: 'E12000008' },
  { code: 'E54000036', ods: 'QT6', name: 'NHS Cornwall and The Isles of Scilly Integrated Care Board', region: 'E12000009' },
  { code: 'E54000037', ods: 'QJK', name: 'NHS Devon Integrated Care Board', region: 'E12000009' },
  { code: 'E54000038', ods: 'QSL', name: 'NHS Somerset Integrated Care Board', region: 'E12000009' },
  { code: 'E54000039', ods: 'QUY', name: 'NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board', region: 'E12000009' },
  { code: 'E54000040', ods: 'QOX', name: 'NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board', region: 'E12000009' },
  { code: 'E54000041', ods: 'QVV', name: 'NHS Dorset Integrated Care Board', region: 'E12000009' },
  { code: 'E54000042', ods: 'QRL', name: 'NHS Hampshire and Isle of Wight Integrated Care Board', region: 'E12000008' },
  { code: 'E54000043', ods: 'QR1', name: 'NHS Gloucestershire Integrated Care Board', region: 'E12000009' },
  { code: 'E54000044', ods: 'QU9', name: 'NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board', region: 'E12000008' },
];
