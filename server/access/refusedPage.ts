// The page a browser gets for a page its viewer may not open (a kiosk token asked for anything
// but a wall or a panel of its namespaces), and what a refused token's page says to do. The API
// answers 403 JSON instead.

import { plainPage } from '../http/plainPage';

export const TOKEN_HELP = 'This address carries a kiosk token (?token=…) for a wall or an embedded panel. Ask whoever runs the dashboard for a new link: they issue tokens with npm run token.';

export function refusedPage(reason: string): string {
  return plainPage({ title: 'Not for this link', heading: 'This page is not open to this link', paragraphs: [{ text: `${reason}.`, testId: 'refused-reason' }] });
}
