// Every page is a prerendered shell; the figures are drawn in the browser from the extracts.
export const prerender = true;
export const trailingSlash = 'never';
