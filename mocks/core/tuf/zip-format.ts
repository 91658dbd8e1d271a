/** The zip format's record signatures and fixed sizes (APPNOTE.TXT), shared by the reader and the writer. */

export const EOCD_SIG = 0x06054b50;
export const CENTRAL_SIG = 0x02014b50;
export const LOCAL_SIG = 0x04034b50;
export const EOCD_SIZE = 22;
export const CENTRAL_SIZE = 46;
export const LOCAL_SIZE = 30;
