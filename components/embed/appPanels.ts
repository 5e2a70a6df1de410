// The panels of one application that can be embedded, shared by the server page (to validate
// the URL) and the client panel (to render it).

export const APP_PANELS = ['counts', 'timeline', 'executors', 'volumes', 'rbac'] as const;
export type AppPanel = (typeof APP_PANELS)[number];
