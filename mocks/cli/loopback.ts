/** Loopback host names and addresses: what only this machine can reach (`[::1]` as a URL writes it). */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;

export const isLoopbackHost = (host: string): boolean => LOOPBACK.test(host);
