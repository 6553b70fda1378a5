/** A database URL with its password hidden, for messages and logs. */
export const redacted = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
