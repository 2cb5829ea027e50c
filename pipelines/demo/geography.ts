// The demo geography: real ONS codes (named and placed in their ICBs by the reference geography)
// and mid-year populations, real published calibration
// targets, and neighbourhood hubs named as local people would name them. Figures are taken from
// ONS mid-2018 / mid-2020 estimates, ASCOF 2020-21 and the NHS England DToC series (OGL v3.0).

import { council, referenceArea } from '../../src/lib/geography/reference';

export interface PlaceSeed {
  code: string;
  name: string;
  icb: string;
  /** Mid-2018 and mid-2020 population aged 18-64 and 65+ (ONS). */
  pop18to64: [number, number];
  pop65: [number, number];
  /** DToC delayed days per day per 100,000 aged 18+, 2018-19, and the NHS / social care / both shares. */
  dtocRate: number;
  dtocShares: [nhs: number, socialCare: number, both: number];
  /** ASCOF 2020-21: 2A(2) per 100,000 65+, 2B(1) % at home and its cohort size. */
  admissionsRate: number;
  atHomePct: number;
  reablementCohort: number;
  hubs: string[];
}

/** A demo area by its code, named as the reference geography names it. */
const named = (code: string) => ({ code, name: referenceArea(code)!.area_name });
export const ENGLAND = named('E92000001');
export const NORTH_WEST = named('E12000002');
export const ICBS = ['E54000008', 'E54000057'].map(named);

/** Each place's official name and ICB come from the reference geography. */
const placed = (seed: Omit<PlaceSeed, 'name' | 'icb'>): PlaceSeed => ({ ...seed, name: council(seed.code)!.name, icb: council(seed.code)!.icb });

export const PLACES: PlaceSeed[] = [
  placed({ code: 'E06000049', pop18to64: [217579, 219451], pop65: [86688, 89148], dtocRate: 11.14, dtocShares: [0.68, 0.3, 0.02], admissionsRate: 500.3, atHomePct: 82.0, reablementCohort: 260,
    hubs: ['Crewe', 'Nantwich and Rural', 'Macclesfield', 'Congleton and Holmes Chapel', 'Knutsford', 'Wilmslow and Poynton'] }),
  placed({ code: 'E06000050', pop18to64: [199503, 199730], pop65: [72945, 74915], dtocRate: 10.21, dtocShares: [0.54, 0.26, 0.2], admissionsRate: 392.4, atHomePct: 71.1, reablementCohort: 145,
    hubs: ['Chester', 'Ellesmere Port', 'Northwich', 'Winsford', 'Rural West Cheshire'] }),
  placed({ code: 'E06000006', pop18to64: [76559, 76809], pop65: [23256, 24105], dtocRate: 16.15, dtocShares: [0.88, 0.1, 0.02], admissionsRate: 141.0, atHomePct: 84.6, reablementCohort: 201,
    hubs: ['Widnes North', 'Widnes South and Hale', 'Runcorn Old Town and Halton Lea', 'Runcorn East'] }),
  placed({ code: 'E08000011', pop18to64: [90581, 91596], pop65: [25513, 26419], dtocRate: 11.31, dtocShares: [0.62, 0.34, 0.04], admissionsRate: 749.5, atHomePct: 82.6, reablementCohort: 60,
    hubs: ['Kirkby', 'Huyton', 'Prescot, Whiston and Knowsley Village', 'Halewood'] }),
  placed({ code: 'E08000012', pop18to64: [327304, 329931], pop65: [72608, 73799], dtocRate: 13.46, dtocShares: [0.66, 0.29, 0.05], admissionsRate: 719.5, atHomePct: 86.3, reablementCohort: 607,
    hubs: ['North Liverpool', 'Liverpool City Centre', 'Central Liverpool', 'Liverpool East', 'South Liverpool'] }),
  placed({ code: 'E08000014', pop18to64: [157531, 156338], pop65: [64032, 65463], dtocRate: 13.45, dtocShares: [0.69, 0.26, 0.05], admissionsRate: 661.4, atHomePct: 85.9, reablementCohort: 255,
    hubs: ['Southport and Formby', 'Crosby and Maghull', 'Bootle and Litherland'] }),
  placed({ code: 'E08000013', pop18to64: [106476, 106882], pop65: [36788, 37320], dtocRate: 5.64, dtocShares: [0.73, 0.25, 0.02], admissionsRate: 683.3, atHomePct: 67.2, reablementCohort: 354,
    hubs: ['St Helens Town Centre', 'Newton-le-Willows and Haydock', 'Rainford and Billinge', 'Thatto Heath and Sutton'] }),
  placed({ code: 'E06000007', pop18to64: [126180, 125168], pop65: [38883, 40052], dtocRate: 12.66, dtocShares: [0.61, 0.33, 0.06], admissionsRate: 446.9, atHomePct: 80.8, reablementCohort: 177,
    hubs: ['Warrington Central', 'Warrington North', 'Warrington East', 'Warrington South and Lymm'] }),
  placed({ code: 'E08000015', pop18to64: [185848, 185616], pop65: [69811, 71289], dtocRate: 7.38, dtocShares: [0.57, 0.42, 0.01], admissionsRate: 680.3, atHomePct: 83.0, reablementCohort: 147,
    hubs: ['Birkenhead', 'Wallasey', 'Wirral West', 'Wirral South', 'Bebington and Bromborough'] }),
  placed({ code: 'E08000001', pop18to64: [168582, 169261], pop65: [49120, 50056], dtocRate: 8.01, dtocShares: [0.43, 0.52, 0.05], admissionsRate: 805.1, atHomePct: 77.8, reablementCohort: 185,
    hubs: ['Bolton Central', 'Farnworth and Kearsley', 'Horwich and Westhoughton', 'Breightmet and Little Lever', 'Turton and Bromley Cross'] }),
  placed({ code: 'E08000002', pop18to64: [112308, 112474], pop65: [34658, 35054], dtocRate: 13.59, dtocShares: [0.47, 0.41, 0.12], admissionsRate: 644.7, atHomePct: 76.9, reablementCohort: 52,
    hubs: ['Bury North (Ramsbottom and Tottington)', 'Bury East', 'Bury West', 'Radcliffe', 'Prestwich and Whitefield'] }),
  placed({ code: 'E08000003', pop18to64: [374698, 380312], pop65: [50967, 51557], dtocRate: 13.86, dtocShares: [0.51, 0.44, 0.05], admissionsRate: 1402.3, atHomePct: 63.5, reablementCohort: 375,
    hubs: ['North Manchester', 'Central Manchester', 'South Manchester'] }),
  placed({ code: 'E08000004', pop18to64: [138367, 139761], pop65: [37840, 38417], dtocRate: 7.92, dtocShares: [0.66, 0.19, 0.15], admissionsRate: 692.4, atHomePct: 83.0, reablementCohort: 182,
    hubs: ['Oldham Central', 'Oldham East (Saddleworth and Lees)', 'Oldham West (Chadderton)', 'Failsworth and Hollinwood', 'Royton, Shaw and Crompton'] }),
  placed({ code: 'E08000005', pop18to64: [131369, 132886], pop65: [35943, 36927], dtocRate: 6.76, dtocShares: [0.68, 0.23, 0.09], admissionsRate: 658.1, atHomePct: 87.4, reablementCohort: 182,
    hubs: ['Rochdale North', 'Rochdale South', 'Heywood', 'Middleton', 'Pennines (Littleborough, Milnrow and Wardle)'] }),
  placed({ code: 'E08000006', pop18to64: [161422, 167630], pop65: [36420, 36625], dtocRate: 5.47, dtocShares: [0.51, 0.46, 0.03], admissionsRate: 1100.3, atHomePct: 78.7, reablementCohort: 342,
    hubs: ['Salford Central', 'Eccles and Irlam', 'Swinton and Pendlebury', 'Walkden and Little Hulton', 'Broughton and Kersal'] }),
  placed({ code: 'E08000007', pop18to64: [170570, 171361], pop65: [58064, 58933], dtocRate: 12.43, dtocShares: [0.41, 0.58, 0.01], admissionsRate: 1367.7, atHomePct: 89.3, reablementCohort: 205,
    hubs: ['Stockport Central', 'Heatons and Reddish', 'Bramhall and Cheadle', 'Marple and Werneth'] }),
  placed({ code: 'E08000008', pop18to64: [135263, 136185], pop65: [39711, 39976], dtocRate: 15.08, dtocShares: [0.31, 0.68, 0.01], admissionsRate: 620.4, atHomePct: 63.1, reablementCohort: 287,
    hubs: ['Ashton-under-Lyne', 'Denton', 'Hyde', 'Stalybridge and Mossley'] }),
  placed({ code: 'E08000009', pop18to64: [139505, 139510], pop65: [40778, 41443], dtocRate: 17.41, dtocShares: [0.53, 0.46, 0.01], admissionsRate: 639.4, atHomePct: 88.9, reablementCohort: 180,
    hubs: ['North Trafford (Old Trafford and Stretford)', 'West Trafford (Urmston and Partington)', 'Central Trafford (Sale)', 'South Trafford (Altrincham)'] }),
  placed({ code: 'E08000010', pop18to64: [195863, 197908], pop65: [61837, 63420], dtocRate: 4.8, dtocShares: [0.54, 0.4, 0.06], admissionsRate: 376.9, atHomePct: 81.4, reablementCohort: 290,
    hubs: ['Wigan Central', 'Leigh', 'Ashton-in-Makerfield', 'Hindley and Ince', 'Standish and Shevington', 'Atherton and Tyldesley'] }),
];

/** England and North West as published, for comparators generated at their own scale. */
export const COMPARATORS = {
  england: { pop18to64: [33843307, 33992831] as [number, number], pop65: [10179253, 10464019] as [number, number], dtocRate: 10.37, dtocShares: [0.62, 0.3, 0.08] as [number, number, number], admissionsRate: 498.2, atHomePct: 79.1, reablementCohort: 43193 },
  northWest: { pop18to64: [4384321, 4411479] as [number, number], pop65: [1354625, 1384396] as [number, number], dtocRate: 10.0, dtocShares: [0.6, 0.33, 0.07] as [number, number, number], admissionsRate: 637.6, atHomePct: 79.9, reablementCohort: 5575 },
};
