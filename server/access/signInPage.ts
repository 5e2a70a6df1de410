// The page a browser gets when it is not signed in (--auth proxy or oidc): what is wrong and
// how to sign in. The API answers 401 JSON instead.

import { plainPage } from '../http/plainPage';

export function signInPage(options: { reason: string; help: string }): string {
  return plainPage({
    title: 'Sign in', heading: 'Sign in to see Spark applications',
    paragraphs: [{ text: options.help, testId: 'sign-in-help' }, { text: `Why you see this: ${options.reason}.`, testId: 'sign-in-reason' }],
  });
}
