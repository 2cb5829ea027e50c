// Where readers ask for the figures in another format or report an accessibility problem. One
// place for it: the data team's mailbox (to come from data/settings.json), overridable at build
// time with VITE_CONTACT_EMAIL. The default is a placeholder on a reserved domain until then.
export const CONTACT = {
  team: 'the Better Care Fund data team',
  email: (import.meta.env?.VITE_CONTACT_EMAIL as string | undefined) || 'bcf-data-team@example.org',
};
