// mailauth ships no declaration for this internal module; its shape is read from
// node_modules/mailauth/lib/dmarc/get-dmarc-record.js (mailauth 4.13).
declare module 'mailauth/lib/dmarc/get-dmarc-record.js' {
  export interface DmarcRecord {
    [tag: string]: string | number | boolean | undefined;
    /** The record text. */
    rr: string;
    /** True when the record was found on the organisational domain, not the domain itself. */
    isOrgRecord: boolean;
  }
  type Resolver = (name: string, type: string) => Promise<unknown>;
  const getDmarcRecord: (domain: string, resolver?: Resolver) => Promise<DmarcRecord | false>;
  export default getDmarcRecord;
}
