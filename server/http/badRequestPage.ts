// The page a browser gets for a path the dashboard cannot even read (broken percent-encoding):
// Next would answer its bare 500, so the server answers 400 itself, in the dashboard's look,
// with no script (the page has nothing to do) and a link home.

import { plainPage } from './plainPage';

export function badRequestPage(basePath: string): string {
  return plainPage({
    title: 'Bad address', heading: 'This address is not valid',
    paragraphs: [{ text: 'Its path has broken percent-encoding (a % that is not followed by two hexadecimal digits of valid UTF-8), so the Spark Pod Dashboard cannot tell which page it names.' }],
    link: { href: `${basePath}/`, text: 'Go to the applications' },
  });
}

/** True when every segment of the path decodes. */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
