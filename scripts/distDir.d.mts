export function distDirFor(basePath: string): string;
