// Which place (the local authority that runs adult social care, by ONS code) each clinical
// commissioning group of December 2019 served, for the 19 places of the Cheshire and Merseyside
// and Greater Manchester ICBs. CCG codes and names are as the NHS Digital ePCN list of
// December 2019 prints them. CCGs were merged from April 2020 (e.g. the four Cheshire CCGs into
// NHS Cheshire CCG 27D, which spans two places): later lists need a new lookup, not this one.

export interface CcgPlace {
  /** CCG name as the ePCN list prints it. */
  ccgName: string;
  /** ONS code of the place. */
  place: string;
  placeName: string;
}

export const CCG_PLACES: Record<string, CcgPlace> = {
  // Cheshire and Merseyside
  '01F': { ccgName: 'NHS HALTON CCG', place: 'E06000006', placeName: 'Halton' },
  '01J': { ccgName: 'NHS KNOWSLEY CCG', place: 'E08000011', placeName: 'Knowsley' },
  '99A': { ccgName: 'NHS LIVERPOOL CCG', place: 'E08000012', placeName: 'Liverpool' },
  // Sefton had two CCGs: South Sefton (Bootle, Crosby, Maghull) and Southport and Formby.
  '01T': { ccgName: 'NHS SOUTH SEFTON CCG', place: 'E08000014', placeName: 'Sefton' },
  '01V': { ccgName: 'NHS SOUTHPORT AND FORMBY CCG', place: 'E08000014', placeName: 'Sefton' },
  '01X': { ccgName: 'NHS ST HELENS CCG', place: 'E08000013', placeName: 'St. Helens' },
  '02E': { ccgName: 'NHS WARRINGTON CCG', place: 'E06000007', placeName: 'Warrington' },
  '12F': { ccgName: 'NHS WIRRAL CCG', place: 'E08000015', placeName: 'Wirral' },
  // Cheshire East had two CCGs: Eastern Cheshire (Macclesfield, Congleton, Knutsford, Wilmslow)
  // and South Cheshire (Crewe, Nantwich, Sandbach, Alsager).
  '01C': { ccgName: 'NHS EASTERN CHESHIRE CCG', place: 'E06000049', placeName: 'Cheshire East' },
  '01R': { ccgName: 'NHS SOUTH CHESHIRE CCG', place: 'E06000049', placeName: 'Cheshire East' },
  // Cheshire West and Chester had two CCGs. Vale Royal CCG covered the former Vale Royal borough
  // (its PCNs are Northwich and Winsford), which lies wholly in Cheshire West and Chester.
  '02D': { ccgName: 'NHS VALE ROYAL CCG', place: 'E06000050', placeName: 'Cheshire West and Chester' },
  // West Cheshire CCG: Chester, Ellesmere Port, Neston, Frodsham and the rural west, all in CW&C.
  '02F': { ccgName: 'NHS WEST CHESHIRE CCG', place: 'E06000050', placeName: 'Cheshire West and Chester' },
  // Greater Manchester
  '00T': { ccgName: 'NHS BOLTON CCG', place: 'E08000001', placeName: 'Bolton' },
  '00V': { ccgName: 'NHS BURY CCG', place: 'E08000002', placeName: 'Bury' },
  '14L': { ccgName: 'NHS MANCHESTER CCG', place: 'E08000003', placeName: 'Manchester' },
  // Heywood, Middleton and Rochdale is the borough of Rochdale under its towns' names.
  '01D': { ccgName: 'NHS HEYWOOD, MIDDLETON AND ROCHDALE CCG', place: 'E08000005', placeName: 'Rochdale' },
  '00Y': { ccgName: 'NHS OLDHAM CCG', place: 'E08000004', placeName: 'Oldham' },
  '01G': { ccgName: 'NHS SALFORD CCG', place: 'E08000006', placeName: 'Salford' },
  '01W': { ccgName: 'NHS STOCKPORT CCG', place: 'E08000007', placeName: 'Stockport' },
  // Tameside and Glossop CCG also covered Glossop (High Peak, Derbyshire); its Glossop PCN is
  // left out below, so the CCG's other PCNs are all in Tameside.
  '01Y': { ccgName: 'NHS TAMESIDE AND GLOSSOP CCG', place: 'E08000008', placeName: 'Tameside' },
  '02A': { ccgName: 'NHS TRAFFORD CCG', place: 'E08000009', placeName: 'Trafford' },
  '02H': { ccgName: 'NHS WIGAN BOROUGH CCG', place: 'E08000010', placeName: 'Wigan' },
};

/**
 * PCNs of a mapped CCG that lie outside the CCG's place, with the reason. Their council is not
 * one of the 19 places, so they are left out rather than shown under the wrong place.
 */
export const PCNS_OUTSIDE_PLACE: Record<string, string> = {
  U60978: 'Glossop PCN (Tameside and Glossop CCG) serves Glossop in High Peak, where Derbyshire County Council runs adult social care, not Tameside',
};
